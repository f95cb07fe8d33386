/**
 * Cursor-paged endpoints (/survey/responses, /activity): `limit` 1..100 (default 100),
 * `startingAfter=<id of the last item seen>`, envelope `{hasMore, items}`, items in creation order.
 * /survey/questions answers a bare array.
 */
import { SURVEY_QUESTIONS } from '../data/catalog.js';
import type { SurveyResponse } from '../data/surveys.js';
import { looseDateToStamp, normalizeStamp } from '../time.js';
import {
  type ApiRequest,
  type ApiResponse,
  json,
  message,
  notFound,
  parseIntParam,
  type RouteEnv,
} from './common.js';

function limitOf(req: ApiRequest): number | ApiResponse {
  const raw = req.query.get('limit');
  if (raw === null || raw === '') return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 100)
    return message(400, 'The limit parameter must be an integer between 1 and 100.');
  return n;
}

function page<T>(
  items: readonly T[],
  startIndex: number,
  limit: number,
  keep: (item: T) => boolean,
): ApiResponse {
  const out: T[] = [];
  let hasMore = false;
  for (let i = startIndex; i < items.length; i++) {
    const item = items[i] as T;
    if (!keep(item)) continue;
    if (out.length === limit) {
      hasMore = true;
      break;
    }
    out.push(item);
  }
  return { ...json(200, { hasMore, items: out }), rowUnits: out.length };
}

export function handleSurveyResponses(req: ApiRequest, env: RouteEnv): ApiResponse {
  const limit = limitOf(req);
  if (typeof limit !== 'number') return limit;
  const q = req.query;
  const surveys = env.store.surveys;
  let start = 0;
  const after = q.get('startingAfter');
  if (after) {
    const at = surveys.indexOf(after);
    if (at === undefined) return message(400, `The startingAfter value '${after}' does not match any item.`);
    start = at + 1;
  }
  const dates: Record<string, string | null> = {};
  for (const name of ['responseDateGreaterThan', 'responseDateLessThan']) {
    const raw = q.get(name);
    if (raw === null || raw === '') continue;
    const stamp = looseDateToStamp(raw);
    if (stamp === null) return message(400, `The value '${raw}' is not valid for ${name}.`);
    dates[name] = stamp;
  }
  const type = parseIntParam(q, 'type');
  const ticketId = parseIntParam(q, 'ticketId');
  const questionId = q.get('questionId');
  const clientId = q.get('clientId');
  const gt = dates.responseDateGreaterThan;
  const lt = dates.responseDateLessThan;
  const keep = (r: SurveyResponse) => {
    const when = normalizeStamp(r.responseDate);
    return (
      (gt === undefined || gt === null || when > gt) &&
      (lt === undefined || lt === null || when < lt) &&
      (type === null || r.type === type) &&
      (ticketId === null || r.ticketId === ticketId) &&
      (questionId === null || r.questionId === questionId) &&
      (clientId === null || r.clientId === clientId)
    );
  };
  return page(surveys.responses, start, limit, keep);
}

export function handleSurveyQuestions(req: ApiRequest): ApiResponse {
  const type = parseIntParam(req.query, 'type');
  return json(
    200,
    SURVEY_QUESTIONS.filter((question) => type === null || question.type === type),
  );
}

export function handleActivities(req: ApiRequest, env: RouteEnv): ApiResponse {
  const activities = env.store.activities;
  const id = parseIntParam(req.query, 'id');
  if (id !== null) {
    const found = activities.find((a) => a.id === id);
    return found ? json(200, found) : notFound('Activity');
  }
  const limit = limitOf(req);
  if (typeof limit !== 'number') return limit;
  let start = 0;
  const after = req.query.get('startingAfter');
  if (after) {
    const at = activities.findIndex((a) => String(a.id) === after);
    if (at < 0) return message(400, `The startingAfter value '${after}' does not match any item.`);
    start = at + 1;
  }
  const name = req.query.get('name')?.toLowerCase();
  return page(activities, start, limit, (a) => !name || a.name.toLowerCase().includes(name));
}
