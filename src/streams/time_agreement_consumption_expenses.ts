import { defineChild } from './define.js';

export default defineChild({
  name: 'time_agreement_consumption_expenses',
  parent: 'time_agreement_consumptions',
  collection: 'expenses',
  primaryKey: ['name', 'period', 'id'],
});
