/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * An e-mail address of a person, company or department.
 */
export interface PersonEmail {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Stable key of the e-mail within its person, derived by the tap from its content so it survives reordering: emailType|email with the address lower-cased (injected by the tap).
   */
  emailKey: string;
  /**
   * Type of the e-mail address.
   */
  emailType?: string | null;
  /**
   * The e-mail address, as sent by the API.
   */
  email?: string | null;
  /**
   * True for the person's main e-mail address (at most one).
   */
  isDefault?: boolean | null;
}
