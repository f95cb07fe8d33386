/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * An hour contract (time agreement) with its configuration lists; its consumption per period is the time_agreement_consumptions stream.
 */
export interface TimeAgreement {
  /**
   * Id of the hour contract.
   */
  id: number;
  /**
   * Name of the hour contract; the key of its consumption rows.
   */
  name?: string | null;
  /**
   * Subject of the contract's report e-mail.
   */
  emailSubject?: string | null;
  /**
   * Body of the contract's report e-mail.
   */
  emailDescription?: string | null;
  /**
   * Sender account of the contract's report e-mail.
   */
  emailAccount?: string | null;
  /**
   * True if the contract is active.
   */
  isActive?: boolean | null;
  /**
   * True if the hour franchise is set per activity (see typeActivities).
   */
  differentiateHoursFranchise?: boolean | null;
  /**
   * True if franchise hours and values are differentiated by activity and hour type.
   */
  differentiateHoursConsumption?: boolean | null;
  /**
   * True if unused hours carry over to later periods.
   */
  accumulateUnusedHours?: boolean | null;
  /**
   * Day of the month the contract renews.
   */
  renewalDay?: number | null;
  /**
   * Hours contracted per period (set when the franchise is not per activity).
   */
  contractedHours?: number | null;
  /**
   * Number of months accumulated hours may still be used.
   */
  consumptionDeadline?: number | null;
  /**
   * Day of the month the report e-mail is sent.
   */
  emailSendDay?: number | null;
  /**
   * Base amount of the contract, in currency.
   */
  baseAmount?: number | null;
  /**
   * When the contract was created.
   */
  createdOn?: string | null;
  /**
   * When the contract was disabled (the vendor layout repeats the createdOn text for it).
   */
  disabledDate?: string | null;
  /**
   * Activities of the contract with their franchise and values.
   */
  typeActivities?:
    | {
        /**
         * Id of the entry.
         */
        id?: number | null;
        /**
         * Hour type (e.g. normal or overtime) the entry applies to.
         */
        workingTimeType?: string | null;
        /**
         * Name of the activity.
         */
        activity?: string | null;
        /**
         * Hour franchise of the activity, in hours.
         */
        franchise?: number | null;
        /**
         * Value per hour, in currency.
         */
        value?: number | null;
        /**
         * Value per exceeded hour, in currency.
         */
        valueExceededHour?: number | null;
        /**
         * True if hours on this activity are deducted from the contract (meaning inferred from the name).
         */
        shootdownContract?: boolean | null;
        /**
         * True if hours beyond the franchise are allowed (meaning inferred from the name).
         */
        allowHoursExcedent?: boolean | null;
        /**
         * Id of the activity (see the activities stream).
         */
        activityId?: number | null;
      }[]
    | null;
  /**
   * Consumption differentiated by hour type; entry fields are not in the readable vendor docs (taken from two client libraries).
   */
  timeTypeConsumption?:
    | {
        /**
         * Id of the entry.
         */
        id?: number | null;
        /**
         * Hour type the entry applies to.
         */
        workingTimeType?: string | null;
        /**
         * Value for the hour type.
         */
        value?: number | null;
        /**
         * Id of the hour contract the entry belongs to.
         */
        workingTimeAgreementId?: number | null;
      }[]
    | null;
  /**
   * Recipients of the contract's report e-mail.
   */
  emailDestinations?:
    | {
        /**
         * Kind of recipient (undocumented; numbers are kept as text).
         */
        type?: string | null;
        /**
         * E-mail address of the recipient.
         */
        email?: string | null;
      }[]
    | null;
  /**
   * Clients (persons, companies or departments) covered by the contract.
   */
  clients?: PersonRef[] | null;
}
