import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_owner_histories',
  parent: 'tickets',
  collection: 'ownerHistories',
  primaryKey: ['ticketId', 'changedDate'],
  replicationKey: 'ticketLastUpdate',
});
