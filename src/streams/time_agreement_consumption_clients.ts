import { defineChild } from './define.js';

export default defineChild({
  name: 'time_agreement_consumption_clients',
  parent: 'time_agreement_consumptions',
  collection: 'clients',
  primaryKey: ['name', 'period', 'id'],
});
