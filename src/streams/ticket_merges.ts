import { ApiDataError } from '../errors.js';
import { type DateWindowAnswer, defineRoot, type JsonRecord } from './define.js';

const PATH = '/tickets/merged';

/**
 * Merged tickets, one row per absorbed ticket. /tickets/merged is not in Movidesk's official pages: this
 * reads every shape its one known production client saw (docs §2.8): `{"mergedTickets": [...],
 * "pageNumber": "1 of N"}` or with `totalPages`, or a bare list; ids `;`-joined, as a list, or one
 * `mergedTicketsId` per object; `lastUpdate` with an offset or as `YYYY-MM-DD HH:MM:SS` (UTC).
 */
export default defineRoot({
  name: 'ticket_merges',
  primaryKey: ['ticketId', 'mergedTicketId'],
  replicationMethod: 'INCREMENTAL',
  replicationKey: 'lastUpdate',
  // Opt-in: the first sync costs a request per 7 days of history (see README, "Merged tickets").
  selectedByDefault: false,
  source: {
    type: 'date-windows',
    path: PATH,
    // "janela máxima 7 dias", as the client's docstrings quote the manual.
    maxDays: 7,
    probeDays: 365,
    params: { start: 'startDate', end: 'endDate', page: 'page' },
    // Brasília days or UTC days: the first day asked holds the bookmark in both readings.
    dayOffsetMinutes: -180,
    extract: mergeAnswer,
    // ASP.NET's answer to a path no route matches; a 404 with any other message means "no merges".
    routeMissing: /no http resource was found|no type was found that matches|the resource cannot be found/i,
    // Nothing can be merged before the oldest ticket was opened (deleted ones included).
    earliest: { routes: ['/tickets/past', '/tickets'], field: 'createdDate', includeDeletedItemsParam: true },
  },
});

const shapeError = (what: string) =>
  new ApiDataError(
    `Movidesk answered GET ${PATH} with ${what}; expected {"mergedTickets": [...]} or a list of merges`,
  );

/** The rows and paging of one answer, in any shape listed above. */
export function mergeAnswer(body: unknown): DateWindowAnswer {
  if (Array.isArray(body)) return { rows: body.flatMap(mergeRows) };
  if (body === null || typeof body !== 'object')
    throw shapeError(body === null ? 'null' : `a ${typeof body}`);
  const answer = body as JsonRecord;
  if (!Array.isArray(answer.mergedTickets)) {
    // A single merge object (the per-ticket lookup's shape).
    if ('mergedTicketsIds' in answer || 'mergedTicketsId' in answer) return { rows: mergeRows(answer) };
    throw shapeError(`an object with keys ${Object.keys(answer).slice(0, 5).join(', ') || '(none)'}`);
  }
  const rows = answer.mergedTickets.flatMap(mergeRows);
  const numbered = /^\s*(\d+)\s*of\s*(\d+)\s*$/i.exec(String(answer.pageNumber ?? ''));
  if (numbered) return { rows, page: Number(numbered[1]), pages: Number(numbered[2]) };
  const total = Number(answer.totalPages);
  return answer.totalPages !== undefined && answer.totalPages !== null && Number.isInteger(total)
    ? { rows, pages: total }
    : { rows };
}

/** One row per absorbed ticket of a merge object. */
function mergeRows(item: unknown): JsonRecord[] {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    throw shapeError(
      `a merge that is ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`,
    );
  const merge = item as JsonRecord;
  const ticketId = integer(merge.ticketId ?? merge.id);
  const ids = merge.mergedTicketsIds ?? merge.mergedTicketsId;
  const parts = Array.isArray(ids)
    ? ids
    : typeof ids === 'string'
      ? ids.split(';')
      : ids == null
        ? []
        : [ids];
  return parts
    .map((part) => (typeof part === 'string' ? part.trim() : part))
    .filter((part) => part !== '' && part !== null && part !== undefined)
    .map((part) => ({ ticketId, mergedTicketId: integer(part), lastUpdate: merge.lastUpdate ?? null }));
}

/** Integers as numbers; anything else is left as it came, for the record conformer to reject (a key that does not fit fails the stream). */
function integer(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}
