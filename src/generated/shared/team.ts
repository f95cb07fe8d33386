/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A team as embedded in ticket payloads.
 */
export type TeamRef = {
  /**
   * Id of the team.
   */
  id?: number | null;
  /**
   * Name of the team.
   */
  name?: string | null;
} | null;
