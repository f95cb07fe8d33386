import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_action_attachments',
  parent: 'ticket_actions',
  collection: 'attachments',
  primaryKey: ['ticketId', 'actionId', 'path'],
  replicationKey: 'ticketLastUpdate',
});
