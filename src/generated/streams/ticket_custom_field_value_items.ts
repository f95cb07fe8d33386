/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * An item (selected option, person, client, team or file) of a ticket custom field value.
 */
export interface TicketCustomFieldValueItem {
  /**
   * Id of the parent ticket (injected by the tap).
   */
  ticketId: number;
  /**
   * Id of the custom field (injected by the tap from the parent value).
   */
  customFieldId: number;
  /**
   * Id of the display rule (injected by the tap from the parent value).
   */
  customFieldRuleId: number;
  /**
   * Line of the display rule (injected by the tap from the parent value).
   */
  line: number;
  /**
   * Stable key of the item within its value, derived by the tap from the item's content: the first non-empty of customFieldItem, personId, clientId, team, storageFileGuid, prefixed by which one it is (e.g. `customFieldItem:Opção A`) (injected by the tap).
   */
  itemKey: string;
  /**
   * lastUpdate of the parent ticket when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated ticket.
   */
  ticketLastUpdate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person, for person-list fields (and the agent of agent-list fields).
   */
  personId?: string | null;
  /**
   * Reference code (Cód. Ref.) of the client, for client-list fields.
   */
  clientId?: string | null;
  /**
   * Name of the team, for agent-list fields.
   */
  team?: string | null;
  /**
   * Name of the selected item, for value-list and single/multiple selection fields.
   */
  customFieldItem?: string | null;
  /**
   * Storage id of the file, for file fields.
   */
  storageFileGuid?: string | null;
  /**
   * Name of the file, for file fields.
   */
  fileName?: string | null;
}
