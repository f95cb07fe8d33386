/**
 * Entity types of the public API as the OData layer sees them. Names follow the DTO names seen in
 * client code (TicketApiDto, PersonApiDto, TicketActionApiDto); the others are plausible guesses
 * that only show up in error messages.
 */
import { type EntityType, many, one, vs } from '../odata/model.js';
import { b, d, dbl, dec, i, s } from './primitives.js';

export const PersonRefType: EntityType = {
  name: 'TicketPersonApiDto',
  properties: {
    id: s,
    personType: i,
    profileType: i,
    businessName: s,
    email: s,
    phone: s,
    address: s,
    complement: s,
    cep: s,
    city: s,
    bairro: s,
    number: s,
    reference: s,
    pathPicture: s,
  },
};

export const TeamType: EntityType = { name: 'TeamApiDto', properties: { id: i, name: s } };

export const ClientType: EntityType = {
  name: 'TicketClientApiDto',
  properties: { ...PersonRefType.properties, isDeleted: b, organization: one(PersonRefType) },
};

export const appointmentProps = {
  id: i,
  activity: s,
  date: d,
  periodStart: s,
  periodEnd: s,
  workTime: s,
  accountedTime: dec,
  workTypeName: s,
  createdBy: one(PersonRefType),
  createdByTeam: one(TeamType),
};

export const ExpenseType: EntityType = {
  name: 'TicketActionExpenseApiDto',
  properties: {
    id: i,
    type: s,
    serviceReport: s,
    createdBy: one(PersonRefType),
    createdByTeam: one(TeamType),
    date: d,
    quantity: i,
    value: dec,
  },
};

export const ActionType: EntityType = {
  name: 'TicketActionApiDto',
  properties: {
    id: i,
    type: i,
    origin: i,
    description: s,
    htmlDescription: s,
    status: s,
    justification: s,
    createdDate: d,
    createdBy: one(PersonRefType),
    isDeleted: b,
    timeAppointments: many({ name: 'TicketActionTimeAppointmentApiDto', properties: appointmentProps }),
    expenses: many(ExpenseType),
    attachments: many({
      name: 'TicketActionAttachmentApiDto',
      properties: { fileName: s, path: s, createdBy: one(PersonRefType), createdDate: d },
    }),
    tags: vs('String'),
  },
};

const LinkType: EntityType = {
  name: 'TicketRelationApiDto',
  properties: { id: i, subject: s, isDeleted: b },
};

const CustomFieldItemType: EntityType = {
  name: 'CustomFieldValueItemApiDto',
  properties: { personId: s, clientId: s, team: s, customFieldItem: s, storageFileGuid: s, fileName: s },
};

export const CustomFieldValueType: EntityType = {
  name: 'CustomFieldValueApiDto',
  properties: { customFieldId: i, customFieldRuleId: i, line: i, value: s, items: many(CustomFieldItemType) },
};

export const TicketType: EntityType = {
  name: 'TicketApiDto',
  properties: {
    id: i,
    protocol: s,
    type: i,
    subject: s,
    category: s,
    urgency: s,
    status: s,
    baseStatus: s,
    justification: s,
    origin: i,
    createdDate: d,
    originEmailAccount: s,
    owner: one(PersonRefType),
    ownerTeam: s,
    createdBy: one(PersonRefType),
    serviceFull: vs('String'),
    serviceFirstLevelId: i,
    serviceFirstLevel: s,
    serviceSecondLevel: s,
    serviceThirdLevel: s,
    contactForm: s,
    tags: vs('String'),
    cc: s,
    resolvedIn: d,
    reopenedIn: d,
    closedIn: d,
    canceledIn: d,
    lastActionDate: d,
    actionCount: i,
    lastUpdate: d,
    lifeTimeWorkingTime: i,
    stoppedTime: i,
    stoppedTimeWorkingTime: i,
    resolvedInFirstCall: b,
    chatWidget: s,
    chatGroup: s,
    chatTalkTime: i,
    chatWaitingTime: i,
    sequence: i,
    slaAgreement: s,
    slaAgreementRule: s,
    slaSolutionTime: i,
    slaResponseTime: i,
    slaSolutionChangedByUser: b,
    slaSolutionChangedBy: one(PersonRefType),
    slaSolutionDate: d,
    slaSolutionDateIsPaused: b,
    slaResponseDate: d,
    slaRealResponseDate: d,
    jiraIssueKey: s,
    redmineIssueId: i,
    isDeleted: b,
    systemStatus: s,
    movideskTicketNumber: s,
    linkedToIntegratedTicketNumber: s,
    clients: many(ClientType),
    actions: many(ActionType),
    parentTickets: many(LinkType),
    childrenTickets: many(LinkType),
    ownerHistories: many({
      name: 'TicketOwnerHistoryApiDto',
      properties: {
        ownerTeam: s,
        owner: one(PersonRefType),
        permanencyTimeFullTime: dbl,
        permanencyTimeWorkingTime: dbl,
        changedBy: one(PersonRefType),
        changedDate: d,
      },
    }),
    statusHistories: many({
      name: 'TicketStatusHistoryApiDto',
      properties: {
        status: s,
        justification: s,
        permanencyTimeFullTime: dbl,
        permanencyTimeWorkingTime: dbl,
        changedBy: one(PersonRefType),
        changedDate: d,
        changedByTeam: one(TeamType),
      },
    }),
    customFieldValues: many(CustomFieldValueType),
    assets: many({
      name: 'TicketAssetApiDto',
      properties: {
        id: s,
        name: s,
        label: s,
        serialNumber: s,
        categoryFull: vs('String'),
        categoryFirstLevel: s,
        categorySecondLevel: s,
        categoryThirdLevel: s,
        isDeleted: b,
      },
    }),
  },
};
