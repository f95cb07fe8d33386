/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A client's answer to a satisfaction survey question about a ticket.
 */
export interface SurveyResponse {
  /**
   * Id of the response: a short string (e.g. l6Bz).
   */
  id: string;
  /**
   * Id of the question answered (see survey_questions).
   */
  questionId?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person, company or department who answered.
   */
  clientId?: string | null;
  /**
   * Survey type: 1 satisfied/dissatisfied, 2 smiley faces, 3 NPS (Net Promoter Score), 4 yes/no.
   */
  type?: number | null;
  /**
   * Number of the ticket the response is about.
   */
  ticketId?: number | null;
  /**
   * When the client answered (UTC); replication key.
   */
  responseDate?: string | null;
  /**
   * Free-text comment of the client.
   */
  commentary?: string | null;
  /**
   * Score, by type: 1 satisfied, 2 dissatisfied (type 1); 1 very dissatisfied to 5 very satisfied (type 2); 0 to 10 (type 3, NPS); 1 yes, 2 no (type 4).
   */
  value?: number | null;
}
