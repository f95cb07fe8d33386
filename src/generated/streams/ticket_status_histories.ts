/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';
import type { TeamRef } from '../shared/team.js';

/**
 * One period of a ticket in a status (which status and for how long).
 */
export interface TicketStatusHistory {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * When the ticket entered this status.
   */
  changedDate: string;
  /**
   * Name of the status.
   */
  status?: string | null;
  /**
   * Name of the justification of the status.
   */
  justification?: string | null;
  /**
   * Time the ticket stayed in this status, in seconds of calendar time.
   */
  permanencyTimeFullTime?: number | null;
  /**
   * Time the ticket stayed in this status, in seconds of working hours.
   */
  permanencyTimeWorkingTime?: number | null;
  changedBy?: PersonRef;
  changedByTeam?: TeamRef;
}
