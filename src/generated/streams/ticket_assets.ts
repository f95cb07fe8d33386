/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * An asset linked to a ticket.
 */
export interface TicketAsset {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the asset.
   */
  id: string;
  /**
   * Name of the asset.
   */
  name?: string | null;
  /**
   * Unique label of the asset.
   */
  label?: string | null;
  /**
   * Serial number of the asset.
   */
  serialNumber?: string | null;
  /**
   * Names of the levels of the asset category, first level first.
   */
  categoryFull?: string[] | null;
  /**
   * Name of the first level of the asset category.
   */
  categoryFirstLevel?: string | null;
  /**
   * Name of the second level of the asset category.
   */
  categorySecondLevel?: string | null;
  /**
   * Name of the third level of the asset category.
   */
  categoryThirdLevel?: string | null;
  /**
   * True if the asset was removed from the ticket.
   */
  isDeleted?: boolean | null;
}
