import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_clients',
  parent: 'tickets',
  collection: 'clients',
  primaryKey: ['ticketId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
