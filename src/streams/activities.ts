import { defineRoot } from './define.js';

/** Activity types used by time appointments, by `{hasMore, items}` cursor. */
export default defineRoot({
  name: 'activities',
  primaryKey: ['id'],
  replicationMethod: 'FULL_TABLE',
  source: { type: 'cursor', path: '/activity', limit: 100, keyField: 'id' },
});
