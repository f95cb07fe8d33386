/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A ticket absorbed into another when an agent merged duplicates (/tickets/merged, one row per absorbed ticket). The absorbed ticket stays in tickets: use this table to leave it out of volume and SLA figures.
 */
export interface TicketMerge {
  /**
   * Number of the ticket the other was merged into (it goes on).
   */
  ticketId: number;
  /**
   * Number of the ticket that was absorbed: one of the API's mergedTicketsIds (a ;-joined list) or its mergedTicketsId.
   */
  mergedTicketId: number;
  /**
   * When the latest merge into ticketId happened (UTC; the API's "YYYY-MM-DD HH:MM:SS" is read as UTC); replication key. Every ticket absorbed by ticketId carries it.
   */
  lastUpdate?: string | null;
}
