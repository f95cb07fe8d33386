import { defineChild } from './define.js';

export default defineChild({
  name: 'ticket_action_time_appointments',
  parent: 'ticket_actions',
  collection: 'timeAppointments',
  primaryKey: ['ticketId', 'actionId', 'id'],
  replicationKey: 'ticketLastUpdate',
});
