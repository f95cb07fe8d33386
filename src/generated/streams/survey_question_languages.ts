/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * The text of a satisfaction survey question in one language.
 */
export interface SurveyQuestionLanguage {
  /**
   * Id of the parent question (injected by the tap).
   */
  questionId: string;
  /**
   * Language of the text as a Microsoft culture code (e.g. pt-BR).
   */
  cultureId: string;
  /**
   * Text of the question in this language.
   */
  description?: string | null;
}
