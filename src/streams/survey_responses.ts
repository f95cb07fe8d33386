import { defineRoot } from './define.js';

/** Survey responses by `{hasMore, items}` cursor inside a responseDate window. */
export default defineRoot({
  name: 'survey_responses',
  primaryKey: ['id'],
  replicationMethod: 'INCREMENTAL',
  replicationKey: 'responseDate',
  source: {
    type: 'cursor',
    path: '/survey/responses',
    limit: 100,
    keyField: 'id',
    window: {
      field: 'responseDate',
      sinceParam: 'responseDateGreaterThan',
      untilParam: 'responseDateLessThan',
    },
  },
});
