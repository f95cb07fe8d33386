import activities from './activities.js';
import type { StreamDefinition } from './define.js';
import personAddresses from './person_addresses.js';
import personContacts from './person_contacts.js';
import personCustomFieldValueItems from './person_custom_field_value_items.js';
import personCustomFieldValues from './person_custom_field_values.js';
import personEmails from './person_emails.js';
import personRelationshipServices from './person_relationship_services.js';
import personRelationships from './person_relationships.js';
import persons from './persons.js';
import services from './services.js';
import surveyQuestionLanguages from './survey_question_languages.js';
import surveyQuestions from './survey_questions.js';
import surveyResponses from './survey_responses.js';
import ticketActionAttachments from './ticket_action_attachments.js';
import ticketActionExpenses from './ticket_action_expenses.js';
import ticketActionTimeAppointments from './ticket_action_time_appointments.js';
import ticketActions from './ticket_actions.js';
import ticketAssets from './ticket_assets.js';
import ticketChildrenTickets from './ticket_children_tickets.js';
import ticketClients from './ticket_clients.js';
import ticketCustomFieldValueItems from './ticket_custom_field_value_items.js';
import ticketCustomFieldValues from './ticket_custom_field_values.js';
import ticketMerges from './ticket_merges.js';
import ticketOwnerHistories from './ticket_owner_histories.js';
import ticketParentTickets from './ticket_parent_tickets.js';
import ticketStatusHistories from './ticket_status_histories.js';
import tickets from './tickets.js';
import timeAgreementConsumptionClients from './time_agreement_consumption_clients.js';
import timeAgreementConsumptionExpenses from './time_agreement_consumption_expenses.js';
import timeAgreementConsumptionTimeAppointments from './time_agreement_consumption_time_appointments.js';
import timeAgreementConsumptions from './time_agreement_consumptions.js';
import timeAgreements from './time_agreements.js';

/** Every stream, parents before their children; discovery lists them in this order. */
export const STREAMS: readonly StreamDefinition[] = [
  tickets,
  ticketClients,
  ticketActions,
  ticketActionTimeAppointments,
  ticketActionExpenses,
  ticketActionAttachments,
  ticketParentTickets,
  ticketChildrenTickets,
  ticketOwnerHistories,
  ticketStatusHistories,
  ticketCustomFieldValues,
  ticketCustomFieldValueItems,
  ticketAssets,
  ticketMerges,
  persons,
  personAddresses,
  personContacts,
  personEmails,
  personRelationships,
  personRelationshipServices,
  personCustomFieldValues,
  personCustomFieldValueItems,
  surveyQuestions,
  surveyQuestionLanguages,
  surveyResponses,
  timeAgreements,
  timeAgreementConsumptions,
  timeAgreementConsumptionTimeAppointments,
  timeAgreementConsumptionExpenses,
  timeAgreementConsumptionClients,
  services,
  activities,
];
