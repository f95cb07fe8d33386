/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * An activity that time appointments and hour contracts refer to.
 */
export interface Activity {
  /**
   * Id of the activity.
   */
  id: number;
  /**
   * Name of the activity.
   */
  name?: string | null;
  /**
   * True if the activity is active.
   */
  isActive?: boolean | null;
  /**
   * True if the activity is available to every team; otherwise only to those in teams.
   */
  isAllowsAllTeams?: boolean | null;
  /**
   * Teams the activity is available to.
   */
  teams?:
    | {
        /**
         * Name of the team.
         */
        name?: string | null;
      }[]
    | null;
}
