/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * A client (person, company or department) of an hour contract in one period.
 */
export interface TimeAgreementConsumptionClient {
  /**
   * Name of the hour contract of the parent consumption (injected by the tap).
   */
  name: string;
  /**
   * Period of the parent consumption (injected by the tap).
   */
  period: string;
  /**
   * Reference code (Cód. Ref.) of the client.
   */
  id: string;
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
   * True if the client was deleted.
   */
  isDeleted?: boolean | null;
  organization?: PersonRef;
}
