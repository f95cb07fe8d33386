/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A child ticket linked to a ticket.
 */
export interface TicketChildTicket {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Number of the child ticket.
   */
  id: number;
  /**
   * Subject of the child ticket.
   */
  subject?: string | null;
  /**
   * True if the link was deleted.
   */
  isDeleted?: boolean | null;
}
