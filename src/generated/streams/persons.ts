/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A Movidesk person, company or department with its scalar fields; child collections are separate streams.
 */
export interface Person {
  /**
   * Reference code (Cód. Ref.) of the person: an alphanumeric string of up to 64 characters.
   */
  id: string;
  /**
   * Additional reference code (Cód. Ref. Adicional): optional but unique.
   */
  codeReferenceAdditional?: string | null;
  /**
   * True if the person is enabled.
   */
  isActive?: boolean | null;
  /**
   * Person type: 1 person, 2 company, 4 department.
   */
  personType?: number | null;
  /**
   * Profile type: 1 agent, 2 client, 3 both agent and client.
   */
  profileType?: number | null;
  /**
   * Name of the access profile.
   */
  accessProfile?: string | null;
  /**
   * Legal name (razão social) of a company.
   */
  corporateName?: string | null;
  /**
   * Trade name of a company, or the name of a person or department.
   */
  businessName?: string | null;
  /**
   * Line of business of a company.
   */
  businessBranch?: string | null;
  /**
   * Brazilian tax id: CPF (11 digits) for persons, CNPJ (14 digits) for companies, absent for departments.
   */
  cpfCnpj?: string | null;
  /**
   * Login user name.
   */
  userName?: string | null;
  /**
   * Job title of the person.
   */
  role?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person's manager.
   */
  bossId?: string | null;
  /**
   * Name of the person's manager.
   */
  bossName?: string | null;
  /**
   * Classification of the person.
   */
  classification?: string | null;
  /**
   * Language of the person as a Microsoft culture code (e.g. pt-BR).
   */
  cultureId?: string | null;
  /**
   * Time zone of the person as an IANA id (e.g. America/Sao_Paulo).
   */
  timeZoneId?: string | null;
  /**
   * Directory server and domain the person authenticates against, when directory authentication is enabled (e.g. host\domain).
   */
  authenticateOn?: string | null;
  /**
   * When the person was created.
   */
  createdDate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person who created this person.
   */
  createdBy?: string | null;
  /**
   * When the person was last changed; replication key.
   */
  changedDate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person who last changed this person.
   */
  changedBy?: string | null;
  /**
   * Free-text notes.
   */
  observations?: string | null;
  /**
   * Names of the teams the person belongs to.
   */
  teams?: string[] | null;
}
