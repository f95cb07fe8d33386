/**
 * `/tickets/merged` (docs §2.8, not in the official pages): merges whose lastUpdate falls in
 * `startDate`..`endDate` (UTC calendar days, both inclusive; endDate defaults to today), paged by a
 * 1-based `page`; or `ticketId=N` (also `id=N`) for the merges into one ticket. Every variant the one
 * public client saw is behind a `merges.*` switch.
 */
import { lastMerge, type MergeGroup } from '../data/merges.js';
import type { MergeOptions } from '../options.js';
import { DAY, HOUR, looseDateToStamp, stampToMs } from '../time.js';
import { type ApiRequest, type ApiResponse, json, message, parseIntParam, type RouteEnv } from './common.js';

export const NO_MERGES_MESSAGE = 'Nenhum ticket mesclado encontrado.';

function windowMessage(days: number): string {
  return `O período entre startDate e endDate não pode ser maior que ${days} dias.`;
}

/** A `YYYY-MM-DD` parameter (a date-time is cut to its date) as epoch ms at 00:00 UTC. */
function dateParam(req: ApiRequest, name: string): number | ApiResponse | null {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return null;
  const stamp = looseDateToStamp(raw);
  if (stamp === null) return message(400, `The value '${raw}' is not valid for ${name}.`);
  return stampToMs(`${stamp.slice(0, 10)}T00:00:00`);
}

function formatLastUpdate(stamp: string, format: MergeOptions['lastUpdate']): string {
  const utc = stamp.slice(0, 19);
  if (format === 'utc') return utc;
  if (format === 'space') return utc.replace('T', ' ');
  // Brasília time with its offset, milliseconds always written: 2024-05-23T11:08:13.000-03:00.
  return `${new Date(stampToMs(stamp) - 3 * HOUR).toISOString().slice(0, 23)}-03:00`;
}

/** The merge objects of some groups, as the switches shape them. */
function items(groups: readonly MergeGroup[], opts: MergeOptions): Record<string, unknown>[] {
  return groups.flatMap((group): Record<string, unknown>[] => {
    const lastUpdate = formatLastUpdate(lastMerge(group), opts.lastUpdate);
    const ids = group.merged.map((m) => m.id);
    if (opts.ids === 'single')
      return ids.map((id) => ({ ticketId: group.ticketId, mergedTicketsId: id, lastUpdate }));
    return [
      {
        ticketId: group.ticketId,
        mergedTicketsIds: opts.ids === 'list' ? ids : ids.join(';'),
        lastUpdate,
      },
    ];
  });
}

function envelope(page: Record<string, unknown>[], number: number, pages: number, opts: MergeOptions) {
  if (opts.shape === 'list') return page;
  if (opts.shape === 'totalPages') return { mergedTickets: page, totalPages: pages };
  return { mergedTickets: page, pageNumber: `${number} of ${pages}` };
}

export function handleMerges(req: ApiRequest, env: RouteEnv): ApiResponse {
  const opts = env.opts.merges;
  const store = env.store.merges;
  const q = req.query;
  if (q.has('ticketId') || q.has('id')) {
    const id = parseIntParam(q, q.has('ticketId') ? 'ticketId' : 'id');
    const group = id === null ? undefined : store.group(id);
    if (!group) return message(404, NO_MERGES_MESSAGE);
    const found = items([group], opts);
    return json(200, found.length === 1 ? found[0] : found);
  }
  const start = dateParam(req, 'startDate');
  if (start !== null && typeof start !== 'number') return start;
  if (start === null) return message(400, 'The startDate parameter is required.');
  const end = dateParam(req, 'endDate') ?? Math.floor(req.nowMs / DAY) * DAY;
  if (typeof end !== 'number') return end;
  if (end < start) return message(400, 'endDate must not be before startDate.');
  const days = Math.round((end - start) / DAY) + 1;
  if (opts.maxWindowDays > 0 && days > opts.maxWindowDays)
    return message(400, windowMessage(opts.maxWindowDays));
  const number = parseIntParam(q, 'page') ?? 1;
  if (number < 1) return message(400, `The value '${number}' is not valid for page.`);
  const all = items(store.between(start, end + DAY), opts);
  const size = Math.max(1, opts.pageSize);
  const pages = Math.ceil(all.length / size);
  if (number > pages) {
    if (opts.empty === '404') return message(404, NO_MERGES_MESSAGE);
    return json(200, envelope([], number, pages, opts));
  }
  return json(200, envelope(all.slice((number - 1) * size, number * size), number, pages, opts));
}
