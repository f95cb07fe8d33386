/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

import type { PersonRef } from '../shared/person.js';

/**
 * A file attached to a ticket action.
 */
export interface TicketActionAttachment {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * Id of the parent action within its ticket (injected by the tap).
   */
  actionId: number;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Name of the uploaded file.
   */
  fileName?: string | null;
  /**
   * Hash of the stored file; can be downloaded with /storage/download?id=<path>.
   */
  path: string;
  createdBy?: PersonRef;
  /**
   * When the file was uploaded.
   */
  createdDate?: string | null;
}
