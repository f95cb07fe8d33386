import { defineRoot } from './define.js';

/** Tickets: /tickets serves lastUpdate within 90 days, /tickets/past the rest; both read in one window. */
export default defineRoot({
  name: 'tickets',
  primaryKey: ['id'],
  replicationMethod: 'INCREMENTAL',
  replicationKey: 'lastUpdate',
  source: {
    type: 'odata-keyset',
    // Recent first: a ticket only ever moves from /tickets to /tickets/past while we read, so reading
    // the archive last cannot miss one (see README, "How tickets are read").
    routes: [{ path: '/tickets' }, { path: '/tickets/past', archive: true }],
    archiveAfterDays: 90,
    keyField: 'id',
    keyType: 'integer',
    windowField: 'lastUpdate',
    includeDeletedItemsParam: true,
  },
  childContext: { ticketId: 'id', ticketLastUpdate: 'lastUpdate' },
});
