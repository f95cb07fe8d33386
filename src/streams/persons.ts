import { defineRoot } from './define.js';

/**
 * People, companies and departments. FULL_TABLE by default: whether /persons filters on changedDate,
 * and whether edits of addresses or e-mails bump it, is not documented. A catalog may choose
 * INCREMENTAL (replication-method) on accounts where it is known to work.
 */
export default defineRoot({
  name: 'persons',
  primaryKey: ['id'],
  replicationMethod: 'FULL_TABLE',
  replicationMethods: ['FULL_TABLE', 'INCREMENTAL'],
  replicationKey: 'changedDate',
  source: {
    type: 'odata-keyset',
    routes: [{ path: '/persons' }],
    keyField: 'id',
    keyType: 'string',
    windowField: 'changedDate',
    windowFieldNullable: true,
  },
  childContext: { personId: 'id', personChangedDate: 'changedDate' },
});
