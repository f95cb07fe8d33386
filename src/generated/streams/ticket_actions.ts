/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * An action (reply, note or event) of a ticket.
 */
export interface TicketAction {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Action number; a sequence within the ticket that starts at 1.
   */
  id: number;
  /**
   * Action type: 1 internal, 2 public.
   */
  type?: number | null;
  /**
   * Origin of the action: 0 first action, 1 web (client), 2 web (agent), 3 e-mail received, 4 system trigger, 5 chat (online), 6 chat (offline), 7 e-mail sent by the system, 8 contact form, 9 web API, 10 automatic ticket opening, 11 Jira issue, 12 Redmine issue, 13 received call, 14 made call, 15 lost call, 16 call abandoned in queue, 17 remote access, 18 WhatsApp, 19 Movidesk integration, 20 Zenvia chat, 21 not answered call.
   */
  origin?: number | null;
  /**
   * Text of the action, as plain text.
   */
  description?: string | null;
  /**
   * Ticket status set by the action.
   */
  status?: string | null;
  /**
   * Justification of the status set by the action.
   */
  justification?: string | null;
  /**
   * When the action was created.
   */
  createdDate?: string | null;
  createdBy?: PersonRef;
  /**
   * True if the action was deleted.
   */
  isDeleted?: boolean | null;
  /**
   * Tags of the action.
   */
  tags?: string[] | null;
}
