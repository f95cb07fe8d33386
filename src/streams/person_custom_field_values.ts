import { defineChild } from './define.js';

export default defineChild({
  name: 'person_custom_field_values',
  parent: 'persons',
  collection: 'customFieldValues',
  primaryKey: ['personId', 'customFieldId', 'customFieldRuleId', 'line'],
  replicationKey: 'personChangedDate',
  childContext: { customFieldId: 'customFieldId', customFieldRuleId: 'customFieldRuleId', line: 'line' },
});
