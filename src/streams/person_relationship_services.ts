import { defineChild } from './define.js';

export default defineChild({
  name: 'person_relationship_services',
  parent: 'person_relationships',
  collection: 'services',
  primaryKey: ['personId', 'relationshipId', 'id'],
  replicationKey: 'personChangedDate',
});
