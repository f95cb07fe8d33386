import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_status_histories',
  parent: 'tickets',
  collection: 'statusHistories',
  primaryKey: ['ticketId', 'changedDate'],
  replicationKey: 'ticketLastUpdate',
});
