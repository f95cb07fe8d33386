/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A person, company or department as embedded in ticket payloads (owner, creator, client, organization, ...).
 */
export type PersonRef = {
  /**
   * Reference code (Cód. Ref.) of the person: an alphanumeric string of up to 64 characters.
   */
  id?: string | null;
  /**
   * Person type: 1 person, 2 company, 4 department.
   */
  personType?: number | null;
  /**
   * Profile type: 1 agent, 2 client, 3 both agent and client.
   */
  profileType?: number | null;
  /**
   * Display name of the person, company or department.
   */
  businessName?: string | null;
  /**
   * Main e-mail address.
   */
  email?: string | null;
  /**
   * Main phone number.
   */
  phone?: string | null;
  /**
   * Street address.
   */
  address?: string | null;
  /**
   * Address complement.
   */
  complement?: string | null;
  /**
   * Brazilian postal code (CEP).
   */
  cep?: string | null;
  city?: string | null;
  /**
   * District (bairro).
   */
  bairro?: string | null;
  /**
   * Street number.
   */
  number?: string | null;
  /**
   * Address reference (landmark).
   */
  reference?: string | null;
  /**
   * Path of the profile picture.
   */
  pathPicture?: string | null;
  /**
   * True if the person was removed from the list it appears in (clients of tickets and of hour contracts).
   */
  isDeleted?: boolean | null;
} | null;
