/** Ticket JSON as the API serialises it (field names and order follow the S-TKT layout). */
import type { BaseStatus, Team } from './catalog.js';
import type { CustomFieldValue } from './custom-fields.js';
import type { PersonRef } from './person-model.js';

export interface TicketClient extends PersonRef {
  isDeleted: boolean;
  organization: PersonRef | null;
}

export interface TimeAppointment {
  id: number;
  activity: string;
  date: string;
  periodStart: string;
  periodEnd: string;
  workTime: string;
  accountedTime: number;
  workTypeName: string;
  createdBy: PersonRef;
  createdByTeam: Team | null;
}

export interface Expense {
  id: number;
  type: string;
  serviceReport: string;
  createdBy: PersonRef;
  createdByTeam: Team | null;
  date: string;
  quantity: number | null;
  value: number | null;
}

export interface Attachment {
  fileName: string;
  path: string;
  createdBy: PersonRef;
  createdDate: string;
}

export interface Action {
  id: number;
  type: number;
  origin: number;
  description: string;
  htmlDescription: string | null;
  status: string;
  justification: string | null;
  createdDate: string;
  createdBy: PersonRef;
  isDeleted: boolean;
  timeAppointments: TimeAppointment[];
  expenses: Expense[];
  attachments: Attachment[];
  tags: string[];
}

export interface LinkedTicket {
  id: number;
  subject: string;
  isDeleted: boolean;
}

export interface OwnerHistory {
  ownerTeam: string | null;
  owner: PersonRef | null;
  permanencyTimeFullTime: number;
  permanencyTimeWorkingTime: number;
  changedBy: PersonRef | null;
  changedDate: string;
}

export interface StatusHistory {
  status: string;
  justification: string | null;
  permanencyTimeFullTime: number;
  permanencyTimeWorkingTime: number;
  changedBy: PersonRef | null;
  changedDate: string;
  changedByTeam: Team | null;
}

export interface Asset {
  id: string;
  name: string;
  label: string | null;
  serialNumber: string | null;
  categoryFull: string[];
  categoryFirstLevel: string | null;
  categorySecondLevel: string | null;
  categoryThirdLevel: string | null;
  isDeleted: boolean;
}

export interface Ticket {
  id: number;
  protocol: string | null;
  type: number;
  subject: string;
  category: string | null;
  urgency: string | null;
  status: string;
  baseStatus: BaseStatus;
  justification: string | null;
  origin: number;
  createdDate: string;
  originEmailAccount: string | null;
  owner: PersonRef | null;
  ownerTeam: string | null;
  createdBy: PersonRef | null;
  serviceFull: string[];
  serviceFirstLevelId: number | null;
  serviceFirstLevel: string | null;
  serviceSecondLevel: string | null;
  serviceThirdLevel: string | null;
  contactForm: string | null;
  tags: string[];
  cc: string | null;
  resolvedIn: string | null;
  reopenedIn: string | null;
  closedIn: string | null;
  canceledIn: string | null;
  lastActionDate: string | null;
  actionCount: number;
  lastUpdate: string;
  lifeTimeWorkingTime: number;
  stoppedTime: number;
  stoppedTimeWorkingTime: number;
  resolvedInFirstCall: boolean;
  chatWidget: string | null;
  chatGroup: string | null;
  chatTalkTime: number | null;
  chatWaitingTime: number | null;
  sequence: number | null;
  slaAgreement: string | null;
  slaAgreementRule: string | null;
  slaSolutionTime: number | null;
  slaResponseTime: number | null;
  slaSolutionChangedByUser: boolean;
  slaSolutionChangedBy: PersonRef | null;
  slaSolutionDate: string | null;
  slaSolutionDateIsPaused: boolean;
  slaResponseDate: string | null;
  slaRealResponseDate: string | null;
  jiraIssueKey: string | null;
  redmineIssueId: number | null;
  isDeleted: boolean;
  systemStatus: string | null;
  movideskTicketNumber: string | null;
  linkedToIntegratedTicketNumber: string | null;
  clients: TicketClient[];
  actions: Action[];
  parentTickets: LinkedTicket[];
  childrenTickets: LinkedTicket[];
  ownerHistories: OwnerHistory[];
  statusHistories: StatusHistory[];
  customFieldValues: CustomFieldValue[];
  assets: Asset[];
}
