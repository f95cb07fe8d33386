import type { GroundTruth } from '../../simulator/index.js';
import type { JsonRecord } from '../../src/streams/define.js';

type Rows = JsonRecord[];
const list = (value: unknown): Rows => (Array.isArray(value) ? (value as Rows) : []);

/**
 * Rows the API gives no id (e-mails, addresses, custom-field items) are keyed by everything they hold,
 * on both sides: losing one of a parent's rows, or emitting one twice in place of another, shows.
 */
const EMAIL_FIELDS = ['emailType', 'email', 'isDefault'];
const ADDRESS_FIELDS = [
  'addressType',
  'country',
  'postalCode',
  'state',
  'city',
  'district',
  'street',
  'number',
  'complement',
  'reference',
  'isDefault',
];
const ITEM_FIELDS = ['personId', 'clientId', 'team', 'customFieldItem', 'storageFileGuid', 'fileName'];
const content = (row: JsonRecord, fields: string[]): unknown[] => fields.map((field) => row[field] ?? null);

/**
 * Primary keys each stream must hold, computed straight from the simulator's ground truth (not
 * through the tap's declarations, so a wrong declaration cannot hide itself). `ticket_merges` is opt-in
 * (a sync without a catalog leaves it out): its keys come only with `{ merges: true }`.
 */
export function expectedKeys(
  truth: GroundTruth,
  options: { merges?: boolean } = {},
): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  const add = (stream: string, ...key: unknown[]) => {
    keys[stream] ??= [];
    keys[stream].push(JSON.stringify(key));
  };
  for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
    const t = ticket.id;
    add('tickets', t);
    for (const client of list(ticket.clients)) add('ticket_clients', t, client.id);
    for (const action of list(ticket.actions)) {
      add('ticket_actions', t, action.id);
      for (const a of list(action.timeAppointments))
        add('ticket_action_time_appointments', t, action.id, a.id);
      for (const e of list(action.expenses)) add('ticket_action_expenses', t, action.id, e.id);
      for (const f of list(action.attachments)) add('ticket_action_attachments', t, action.id, f.path);
    }
    for (const p of list(ticket.parentTickets)) add('ticket_parent_tickets', t, p.id);
    for (const c of list(ticket.childrenTickets)) add('ticket_children_tickets', t, c.id);
    for (const h of list(ticket.ownerHistories))
      add('ticket_owner_histories', t, apiToEmitted(h.changedDate));
    for (const h of list(ticket.statusHistories))
      add('ticket_status_histories', t, apiToEmitted(h.changedDate));
    for (const v of list(ticket.customFieldValues)) {
      add('ticket_custom_field_values', t, v.customFieldId, v.customFieldRuleId, v.line);
      for (const item of list(v.items))
        add(
          'ticket_custom_field_value_items',
          t,
          v.customFieldId,
          v.customFieldRuleId,
          v.line,
          ...content(item, ITEM_FIELDS),
        );
    }
    for (const a of list(ticket.assets)) add('ticket_assets', t, a.id);
  }
  if (options.merges)
    for (const merge of truth.ticketMerges) add('ticket_merges', merge.ticketId, merge.mergedTicketId);
  for (const person of truth.persons as unknown as Rows) {
    add('persons', person.id);
    for (const email of list(person.emails)) add('person_emails', person.id, ...content(email, EMAIL_FIELDS));
    for (const address of list(person.addresses))
      add('person_addresses', person.id, ...content(address, ADDRESS_FIELDS));
    for (const v of list(person.customFieldValues)) {
      add('person_custom_field_values', person.id, v.customFieldId, v.customFieldRuleId, v.line);
      for (const item of list(v.items))
        add(
          'person_custom_field_value_items',
          person.id,
          v.customFieldId,
          v.customFieldRuleId,
          v.line,
          ...content(item, ITEM_FIELDS),
        );
    }
    for (const c of list(person.contacts)) add('person_contacts', person.id, c.contactType, c.contact);
    for (const r of list(person.relationships)) {
      add('person_relationships', person.id, r.id);
      for (const s of list(r.services)) add('person_relationship_services', person.id, r.id, s.id);
    }
  }
  for (const response of truth.surveyResponses as unknown as Rows) add('survey_responses', response.id);
  for (const question of truth.surveyQuestions as unknown as Rows) {
    add('survey_questions', question.id);
    for (const l of list(question.languages)) add('survey_question_languages', question.id, l.cultureId);
  }
  for (const service of truth.services as unknown as Rows) add('services', service.id);
  for (const activity of truth.activities as unknown as Rows) add('activities', activity.id);
  for (const agreement of truth.timeAgreements as unknown as Rows) add('time_agreements', agreement.id);
  for (const period of truth.consumptions as unknown as Rows) {
    add('time_agreement_consumptions', period.name, apiToEmitted(period.period));
    for (const a of list(period.timeAppointments))
      add(
        'time_agreement_consumption_time_appointments',
        period.name,
        apiToEmitted(period.period),
        a.ticketNumber,
        a.actionNumber,
        a.id,
      );
    for (const e of list(period.expenses))
      add('time_agreement_consumption_expenses', period.name, apiToEmitted(period.period), e.id);
    for (const c of list(period.clients))
      add('time_agreement_consumption_clients', period.name, apiToEmitted(period.period), c.id);
  }
  return keys;
}

/** Keys of emitted records, in the same shape as expectedKeys (rows without an id keyed by their content). */
export const KEY_OF: Record<string, (r: JsonRecord) => unknown[]> = {
  tickets: (r) => [r.id],
  ticket_clients: (r) => [r.ticketId, r.id],
  ticket_actions: (r) => [r.ticketId, r.id],
  ticket_action_time_appointments: (r) => [r.ticketId, r.actionId, r.id],
  ticket_action_expenses: (r) => [r.ticketId, r.actionId, r.id],
  ticket_action_attachments: (r) => [r.ticketId, r.actionId, r.path],
  ticket_parent_tickets: (r) => [r.ticketId, r.id],
  ticket_children_tickets: (r) => [r.ticketId, r.id],
  ticket_owner_histories: (r) => [r.ticketId, r.changedDate],
  ticket_status_histories: (r) => [r.ticketId, r.changedDate],
  ticket_custom_field_values: (r) => [r.ticketId, r.customFieldId, r.customFieldRuleId, r.line],
  ticket_custom_field_value_items: (r) => [
    r.ticketId,
    r.customFieldId,
    r.customFieldRuleId,
    r.line,
    ...content(r, ITEM_FIELDS),
  ],
  ticket_assets: (r) => [r.ticketId, r.id],
  ticket_merges: (r) => [r.ticketId, r.mergedTicketId],
  persons: (r) => [r.id],
  person_emails: (r) => [r.personId, ...content(r, EMAIL_FIELDS)],
  person_contacts: (r) => [r.personId, r.contactType, r.contact],
  person_relationships: (r) => [r.personId, r.id],
  person_relationship_services: (r) => [r.personId, r.relationshipId, r.id],
  survey_responses: (r) => [r.id],
  survey_questions: (r) => [r.id],
  survey_question_languages: (r) => [r.questionId, r.cultureId],
  services: (r) => [r.id],
  activities: (r) => [r.id],
  time_agreements: (r) => [r.id],
  time_agreement_consumptions: (r) => [r.name, r.period],
  time_agreement_consumption_time_appointments: (r) => [
    r.name,
    r.period,
    r.ticketNumber,
    r.actionNumber,
    r.id,
  ],
  time_agreement_consumption_expenses: (r) => [r.name, r.period, r.id],
  time_agreement_consumption_clients: (r) => [r.name, r.period, r.id],
  person_addresses: (r) => [r.personId, ...content(r, ADDRESS_FIELDS)],
  person_custom_field_values: (r) => [r.personId, r.customFieldId, r.customFieldRuleId, r.line],
  // The item's own personId (a person picked in the field) is emitted as itemPersonId.
  person_custom_field_value_items: (r) => [
    r.personId,
    r.customFieldId,
    r.customFieldRuleId,
    r.line,
    ...content({ ...r, personId: r.itemPersonId }, ITEM_FIELDS),
  ],
};

/** Timestamps as the API sends them (no Z, up to 7 digits) versus as the tap emits them. */
export function apiToEmitted(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value) ? `${value}Z` : value;
}
