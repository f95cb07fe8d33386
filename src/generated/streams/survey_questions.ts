/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A satisfaction survey question; its texts per language are the survey_question_languages stream.
 */
export interface SurveyQuestion {
  /**
   * Id of the question: a short string (e.g. pZN7).
   */
  id: string;
  /**
   * Survey type: 1 satisfied/dissatisfied, 2 smiley faces, 3 NPS (Net Promoter Score), 4 yes/no.
   */
  type?: number | null;
  /**
   * True if the question is active.
   */
  isActive?: boolean | null;
}
