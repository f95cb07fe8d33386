import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_action_expenses',
  parent: 'ticket_actions',
  collection: 'expenses',
  primaryKey: ['ticketId', 'actionId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
