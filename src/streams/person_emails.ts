import { emailKey } from './content-keys.js';
import { defineChild } from './define.js';

export default defineChild({
  name: 'person_emails',
  parent: 'persons',
  collection: 'emails',
  primaryKey: ['personId', 'emailKey'],
  replicationKey: 'personChangedDate',
  derived: { emailKey },
});
