import { customFieldItemKey } from './content-keys.js';
import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_custom_field_value_items',
  parent: 'ticket_custom_field_values',
  collection: 'items',
  primaryKey: ['ticketId', 'customFieldId', 'customFieldRuleId', 'line', 'itemKey'],
  replicationKey: 'ticketLastUpdate',
  derived: { itemKey: customFieldItemKey },
});
