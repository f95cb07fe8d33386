import { defineRoot } from './define.js';

/** The service catalogue (a three-level tree through parentServiceId). */
export default defineRoot({
  name: 'services',
  primaryKey: ['id'],
  replicationMethod: 'FULL_TABLE',
  source: { type: 'odata-keyset', routes: [{ path: '/services' }], keyField: 'id', keyType: 'integer' },
});
