import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_children_tickets',
  parent: 'tickets',
  collection: 'childrenTickets',
  primaryKey: ['ticketId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
