/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';
import type { TeamRef } from '../shared/team.js';

/**
 * A time appointment (logged work time) of a ticket action.
 */
export interface TicketActionTimeAppointment {
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
   * Id of the time appointment.
   */
  id: number;
  /**
   * Name of the activity the time was logged against.
   */
  activity?: string | null;
  /**
   * Day of the appointment: a calendar date sent as midnight, local to the account (use only the date part; the time and offset carry no meaning).
   */
  date?: string | null;
  /**
   * Start time of day, hh:mm:ss with optional fraction (e.g. 21:32:13.7345254).
   */
  periodStart?: string | null;
  /**
   * End time of day, hh:mm:ss with optional fraction.
   */
  periodEnd?: string | null;
  /**
   * Total time worked as a duration, hh:mm:ss with optional fraction (e.g. 04:00:00).
   */
  workTime?: string | null;
  /**
   * Accounted time, in decimal hours (e.g. 7.7666666666666666).
   */
  accountedTime?: number | null;
  /**
   * Type of hours logged (e.g. overtime).
   */
  workTypeName?: string | null;
  createdBy?: PersonRef;
  createdByTeam?: TeamRef;
}
