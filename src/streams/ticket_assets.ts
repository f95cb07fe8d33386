import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_assets',
  parent: 'tickets',
  collection: 'assets',
  primaryKey: ['ticketId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
