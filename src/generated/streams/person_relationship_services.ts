/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A catalog service a person may use through one of its relationships.
 */
export interface PersonRelationshipService {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the company or department of the parent relationship (injected by the tap).
   */
  relationshipId: string;
  /**
   * Id of the service (see the services stream).
   */
  id: number;
  /**
   * Name of the service.
   */
  name?: string | null;
  /**
   * True if the service access is copied to the child organizations.
   */
  copyToChildren?: boolean | null;
}
