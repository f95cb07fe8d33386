/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';
import type { TeamRef } from '../shared/team.js';

/**
 * A time appointment (logged work time) counted in an hour contract period.
 */
export interface TimeAgreementConsumptionTimeAppointment {
  /**
   * Name of the hour contract of the parent consumption (injected by the tap).
   */
  name: string;
  /**
   * Period of the parent consumption (injected by the tap).
   */
  period: string;
  /**
   * Number of the ticket the time was logged on, as text (e.g. "98868").
   */
  ticketNumber: string;
  /**
   * Number of the ticket action the time was logged on.
   */
  actionNumber: number;
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
   * Start time of day, hh:mm:ss with optional fraction (e.g. 10:41:00).
   */
  periodStart?: string | null;
  /**
   * End time of day, hh:mm:ss with optional fraction.
   */
  periodEnd?: string | null;
  /**
   * Total time worked as a duration, hh:mm:ss with optional fraction (e.g. 01:00:00).
   */
  workTime?: string | null;
  /**
   * Accounted time, in decimal hours; listed for ticket appointments, absent from this endpoint's layout and sample.
   */
  accountedTime?: number | null;
  /**
   * Type of hours logged (e.g. Extra).
   */
  workTypeName?: string | null;
  createdBy?: PersonRef;
  createdByTeam?: TeamRef;
}
