import { defineChild } from './define.js';

export default defineChild({
  name: 'time_agreement_consumption_time_appointments',
  parent: 'time_agreement_consumptions',
  collection: 'timeAppointments',
  primaryKey: ['name', 'period', 'ticketNumber', 'actionNumber', 'id'],
});
