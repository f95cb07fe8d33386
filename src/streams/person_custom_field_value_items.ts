import { customFieldItemKey } from './content-keys.js';
import { defineChild } from './define.js';

export default defineChild({
  name: 'person_custom_field_value_items',
  parent: 'person_custom_field_values',
  collection: 'items',
  primaryKey: ['personId', 'customFieldId', 'customFieldRuleId', 'line', 'itemKey'],
  replicationKey: 'personChangedDate',
  // Items carry their own personId (a person picked in the field); the parent key would overwrite it.
  derived: { itemKey: customFieldItemKey, itemPersonId: (item) => item.personId ?? null },
});
