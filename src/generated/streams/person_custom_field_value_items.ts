/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * An item (selected option, person, client, team or file) of a person custom field value.
 */
export interface PersonCustomFieldValueItem {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
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
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Reference code (Cód. Ref.) of the person, for person-list fields (and the agent of agent-list fields): the item's own personId, which the parent key personId would overwrite, copied from the item before the parent keys are added (injected by the tap).
   */
  itemPersonId?: string | null;
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
