/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * The value of a custom field on a person (only fields whose display rules are met when the person is read).
 */
export interface PersonCustomFieldValue {
  /**
   * Reference code (Cód. Ref.) of the parent person (injected by the tap).
   */
  personId: string;
  /**
   * changedDate of the parent person when this row was read (injected by the tap); lets a warehouse tell children that vanished from an updated person.
   */
  personChangedDate?: string | null;
  /**
   * Id of the custom field.
   */
  customFieldId: number;
  /**
   * Id of the display rule the custom field belongs to.
   */
  customFieldRuleId: number;
  /**
   * Line of the display rule on the person screen (1 unless the rule allows adding lines).
   */
  line: number;
  /**
   * Text value of the field, null for list/selection fields (see person_custom_field_value_items). Dates are UTC ISO strings (YYYY-MM-DDThh:mm:ss.000Z), time-only fields use the fixed date 1991-01-01, numbers are Brazilian-formatted strings (e.g. "1.530,75").
   */
  value?: string | null;
}
