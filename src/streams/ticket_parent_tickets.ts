import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_parent_tickets',
  parent: 'tickets',
  collection: 'parentTickets',
  primaryKey: ['ticketId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
