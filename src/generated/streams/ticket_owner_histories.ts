/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * One period of ownership of a ticket (who was responsible and for how long).
 */
export interface TicketOwnerHistory {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * When the owner was changed to this one.
   */
  changedDate: string;
  /**
   * Name of the team of the responsible agent.
   */
  ownerTeam?: string | null;
  owner?: PersonRef;
  /**
   * Time the ticket stayed with this owner, in seconds of calendar time.
   */
  permanencyTimeFullTime?: number | null;
  /**
   * Time the ticket stayed with this owner, in seconds of working hours.
   */
  permanencyTimeWorkingTime?: number | null;
  changedBy?: PersonRef;
}
