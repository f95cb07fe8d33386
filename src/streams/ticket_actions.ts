import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_actions',
  parent: 'tickets',
  collection: 'actions',
  primaryKey: ['ticketId', 'id'],
  replicationKey: 'ticketLastUpdate',
  childContext: { actionId: 'id' },
});
