/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * A Movidesk ticket with its scalar fields and embedded people; child collections are separate streams.
 */
export interface Ticket {
  /**
   * Ticket number; negative numbers exist (deleted and/or migrated tickets).
   */
  id: number;
  /**
   * Ticket protocol (e.g. MOVI202109000001); null when the account does not use protocols.
   */
  protocol?: string | null;
  /**
   * Ticket type: 1 internal, 2 public.
   */
  type?: number | null;
  subject?: string | null;
  /**
   * Name of the ticket category.
   */
  category?: string | null;
  /**
   * Name of the ticket urgency.
   */
  urgency?: string | null;
  /**
   * Name of the ticket status (account-specific).
   */
  status?: string | null;
  /**
   * Base status: New, InAttendance, Stopped, Canceled, Resolved or Closed.
   */
  baseStatus?: string | null;
  /**
   * Name of the justification of the current status.
   */
  justification?: string | null;
  /**
   * Channel the ticket was opened through: 1 web (client), 2 web (agent), 3 e-mail received, 4 system trigger, 5 chat (online), 7 e-mail sent by the system, 8 contact form, 9 web API, 10 automatic scheduling, 11 Jira issue, 12 Redmine issue, 13 received call, 14 made call, 15 lost call, 16 dropout call, 17 remote access, 18 WhatsApp, 19 Movidesk integration, 20 Zenvia chat, 21 not answered call, 23 WhatsApp Business Movidesk.
   */
  origin?: number | null;
  /**
   * When the ticket was opened.
   */
  createdDate?: string | null;
  /**
   * True if the ticket was deleted.
   */
  isDeleted?: boolean | null;
  /**
   * E-mail account the ticket was received on.
   */
  originEmailAccount?: string | null;
  owner?: PersonRef;
  /**
   * Name of the team of the responsible agent.
   */
  ownerTeam?: string | null;
  createdBy?: PersonRef;
  /**
   * Names of the levels of the selected service, first level first.
   */
  serviceFull?: string[] | null;
  /**
   * Id of the selected service.
   */
  serviceFirstLevelId?: number | null;
  /**
   * Name of the first level of the selected service.
   */
  serviceFirstLevel?: string | null;
  /**
   * Name of the second level of the selected service.
   */
  serviceSecondLevel?: string | null;
  /**
   * Name of the third level of the selected service.
   */
  serviceThirdLevel?: string | null;
  /**
   * Name of the contact form the ticket was opened through.
   */
  contactForm?: string | null;
  /**
   * Tags of the ticket.
   */
  tags?: string[] | null;
  /**
   * E-mail addresses of the Cc field, comma-separated.
   */
  cc?: string | null;
  /**
   * When the ticket was marked as resolved.
   */
  resolvedIn?: string | null;
  /**
   * When the ticket was last reopened.
   */
  reopenedIn?: string | null;
  /**
   * When the ticket was marked as closed.
   */
  closedIn?: string | null;
  /**
   * When the ticket was canceled.
   */
  canceledIn?: string | null;
  /**
   * When the last action of the ticket was created.
   */
  lastActionDate?: string | null;
  /**
   * Number of actions of the ticket.
   */
  actionCount?: number | null;
  /**
   * When the ticket was last changed; replication key.
   */
  lastUpdate?: string | null;
  /**
   * Lifetime of the ticket since it was opened, in minutes of working hours.
   */
  lifeTimeWorkingTime?: number | null;
  /**
   * Time spent in a stopped status, in minutes of calendar time.
   */
  stoppedTime?: number | null;
  /**
   * Time spent in a stopped status, in minutes of working hours.
   */
  stoppedTimeWorkingTime?: number | null;
  /**
   * True if the ticket was resolved when it was opened.
   */
  resolvedInFirstCall?: boolean | null;
  /**
   * Chat widget the ticket was opened through.
   */
  chatWidget?: string | null;
  /**
   * Chat group the ticket was opened through.
   */
  chatGroup?: string | null;
  /**
   * Duration of the chat, in seconds.
   */
  chatTalkTime?: number | null;
  /**
   * Time the client waited before being attended in the chat, in seconds.
   */
  chatWaitingTime?: number | null;
  /**
   * Integer stored in the Sequence field.
   */
  sequence?: number | null;
  /**
   * Name of the SLA agreement applied to the ticket.
   */
  slaAgreement?: string | null;
  /**
   * Name of the SLA agreement rule applied to the ticket.
   */
  slaAgreementRule?: string | null;
  /**
   * Solution time of the SLA agreement (unit not documented).
   */
  slaSolutionTime?: number | null;
  /**
   * Response time of the SLA agreement (unit not documented).
   */
  slaResponseTime?: number | null;
  /**
   * True if the SLA was changed manually by a user.
   */
  slaSolutionChangedByUser?: boolean | null;
  slaSolutionChangedBy?: PersonRef;
  /**
   * SLA solution deadline.
   */
  slaSolutionDate?: string | null;
  /**
   * True if the SLA solution deadline is paused.
   */
  slaSolutionDateIsPaused?: boolean | null;
  /**
   * SLA response deadline.
   */
  slaResponseDate?: string | null;
  /**
   * When the ticket was actually first responded to.
   */
  slaRealResponseDate?: string | null;
  /**
   * Key of the Jira issue linked through the Jira integration.
   */
  jiraIssueKey?: string | null;
  /**
   * Id of the Redmine issue linked through the Redmine integration.
   */
  redmineIssueId?: number | null;
}
