import { addressKey } from './content-keys.js';
import { defineChild } from './define.js';

export default defineChild({
  name: 'person_addresses',
  parent: 'persons',
  collection: 'addresses',
  primaryKey: ['personId', 'addressKey'],
  replicationKey: 'personChangedDate',
  derived: { addressKey },
});
