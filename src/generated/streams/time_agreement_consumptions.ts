/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * The consumption of an hour contract in one period; its appointments, expenses and clients are separate streams.
 */
export interface TimeAgreementConsumption {
  /**
   * Id of the closing record of the period; "0" while the period is open (not a key).
   */
  id?: string | null;
  /**
   * Name of the hour contract.
   */
  name: string;
  /**
   * Period the row refers to, sent as a midnight timestamp with no offset (e.g. 2018-12-01T00:00:00); the vendor sample pairs that with renewalDay 5, so it may name the month rather than the renewal date.
   */
  period: string;
  /**
   * Base amount of the contract, in currency.
   */
  baseAmount?: number | null;
  /**
   * Total amount of the exceeded hours, in currency.
   */
  exceededHourAmount?: number | null;
  /**
   * Day of the month the contract renews.
   */
  renewalDay?: number | null;
  /**
   * Hours contracted for the period.
   */
  contractedHours?: number | null;
  /**
   * True if the hour franchise is set per activity.
   */
  differentiateHoursFranchise?: boolean | null;
  /**
   * True if franchise hours and values are differentiated by activity and hour type.
   */
  differentiateHoursConsumption?: boolean | null;
  /**
   * Hours consumed in the period; only filled once the period is closed.
   */
  consumedHours?: number | null;
  /**
   * Discount on the contract, as a percentage or an amount (see discountType).
   */
  discount?: number | null;
  /**
   * Discount type: 0 percent, 1 currency.
   */
  discountType?: number | null;
}
