/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A relationship of a person to a company or department it belongs to, with the SLA and service-access settings of that link.
 */
export interface PersonRelationship {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the related company or department.
   */
  id: string;
  /**
   * Description of the hierarchy (name of the related company or department).
   */
  name?: string | null;
  /**
   * Name of the SLA agreement used for the client through this relationship.
   */
  slaAgreement?: string | null;
  /**
   * True if every person linked to this hierarchy must have the same SLA agreement.
   */
  forceChildrenToHaveSomeAgreement?: boolean | null;
  /**
   * True if the person can use every service of the catalog; otherwise only the services listed in person_relationship_services.
   */
  allowAllServices?: boolean | null;
  /**
   * True if the relationship is also added to the people of the parent organization.
   */
  includeInParents?: boolean | null;
  /**
   * True if relationships with the child organizations of the parent organization are included.
   */
  loadChildOrganizations?: boolean | null;
  /**
   * Undocumented flag reported by a third-party connector; meaning unknown.
   */
  isGetMethod?: boolean | null;
}
