import { defineChild } from './define.js';

export default defineChild({
  name: 'survey_question_languages',
  parent: 'survey_questions',
  collection: 'languages',
  primaryKey: ['questionId', 'cultureId'],
});
