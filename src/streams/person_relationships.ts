import { defineChild } from './define.js';

export default defineChild({
  name: 'person_relationships',
  parent: 'persons',
  collection: 'relationships',
  primaryKey: ['personId', 'id'],
  replicationKey: 'personChangedDate',
  childContext: { relationshipId: 'id' },
});
