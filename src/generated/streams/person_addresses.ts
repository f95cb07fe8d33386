/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A postal address of a person, company or department.
 */
export interface PersonAddress {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Stable key of the address within its person, derived by the tap from the address content so it survives reordering: addressType, postalCode, street, number and complement joined by | (injected by the tap).
   */
  addressKey: string;
  /**
   * Type of the address.
   */
  addressType?: string | null;
  country?: string | null;
  /**
   * Postal code (CEP in Brazil).
   */
  postalCode?: string | null;
  state?: string | null;
  city?: string | null;
  /**
   * District (bairro).
   */
  district?: string | null;
  street?: string | null;
  /**
   * Street number.
   */
  number?: string | null;
  /**
   * Address complement.
   */
  complement?: string | null;
  /**
   * Address reference (landmark).
   */
  reference?: string | null;
  /**
   * True for the person's main address.
   */
  isDefault?: boolean | null;
}
