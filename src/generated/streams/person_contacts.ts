/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A contact (phone number, mobile, Skype, ...) of a person, company or department.
 */
export interface PersonContact {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Stable key of the contact within its person, derived by the tap from the contact content so it survives reordering: contactType|contact (injected by the tap).
   */
  contactKey: string;
  /**
   * Type of the contact (e.g. Telefone, Celular, Skype).
   */
  contactType?: string | null;
  /**
   * The contact itself (e.g. (11) 9999-9999).
   */
  contact?: string | null;
  /**
   * True for the person's main contact (at most one).
   */
  isDefault?: boolean | null;
}
