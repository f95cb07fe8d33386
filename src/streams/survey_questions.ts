import { defineRoot } from './define.js';

/** Satisfaction survey questions; the API answers a bare array (a cursor envelope is also understood). */
export default defineRoot({
  name: 'survey_questions',
  primaryKey: ['id'],
  replicationMethod: 'FULL_TABLE',
  source: { type: 'cursor', path: '/survey/questions', limit: 100, keyField: 'id' },
  childContext: { questionId: 'id' },
});
