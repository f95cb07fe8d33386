/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';
import type { TeamRef } from '../shared/team.js';

/**
 * An expense logged on a ticket action.
 */
export interface TicketActionExpense {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * Id of the parent action within its ticket (injected by the tap).
   */
  actionId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Id of the expense.
   */
  id: number;
  /**
   * Name of the expense type (e.g. Transporte).
   */
  type?: string | null;
  /**
   * Number of the service report that contains the expense.
   */
  serviceReport?: string | null;
  createdBy?: PersonRef;
  createdByTeam?: TeamRef;
  /**
   * Date of the expense.
   */
  date?: string | null;
  /**
   * Quantity logged; set when value is not.
   */
  quantity?: number | null;
  /**
   * Amount in currency; set when quantity is not.
   */
  value?: number | null;
}
