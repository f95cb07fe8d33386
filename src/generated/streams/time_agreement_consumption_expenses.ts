/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';
import type { TeamRef } from '../shared/team.js';

/**
 * An expense counted in an hour contract period.
 */
export interface TimeAgreementConsumptionExpense {
  /**
   * Name of the hour contract of the parent consumption (injected by the tap).
   */
  name: string;
  /**
   * Period of the parent consumption (injected by the tap).
   */
  period: string;
  /**
   * Id of the expense.
   */
  id: number;
  /**
   * Name of the expense type.
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
