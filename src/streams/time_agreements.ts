import { defineRoot } from './define.js';

/** Hour contracts; their small configuration lists (typeActivities, clients...) stay nested. */
export default defineRoot({
  name: 'time_agreements',
  primaryKey: ['id'],
  replicationMethod: 'FULL_TABLE',
  source: { type: 'odata-keyset', routes: [{ path: '/timeAgreement' }], keyField: 'id', keyType: 'integer' },
});
