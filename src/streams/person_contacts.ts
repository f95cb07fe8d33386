import { contactKey } from './content-keys.js';
import { defineChild } from './define.js';

export default defineChild({
  name: 'person_contacts',
  parent: 'persons',
  collection: 'contacts',
  primaryKey: ['personId', 'contactKey'],
  replicationKey: 'personChangedDate',
  derived: { contactKey },
});
