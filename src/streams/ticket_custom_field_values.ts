import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_custom_field_values',
  parent: 'tickets',
  collection: 'customFieldValues',
  primaryKey: ['ticketId', 'customFieldId', 'customFieldRuleId', 'line'],
  replicationKey: 'ticketLastUpdate',
  childContext: { customFieldId: 'customFieldId', customFieldRuleId: 'customFieldRuleId', line: 'line' },
});
