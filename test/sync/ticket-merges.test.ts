import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectAll } from '../../src/engine/selection.js';
import { parseState, StateManager, type TapState } from '../../src/engine/state.js';
import { runSync } from '../../src/engine/sync.js';
import { StateError } from '../../src/errors.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { mergeAnswer } from '../../src/streams/ticket_merges.js';
import { captureLogger, collectingSink, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.merges.test/public/v1';
const TOKEN = '7d3c1b2a-90ef-4c56-8a7b-1234567890ab';
const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const DAY = 86_400_000;
const MERGES = STREAMS.filter((stream) => stream.name === 'ticket_merges');
const ROUTE_MISSING = `No HTTP resource was found that matches the request URI '${BASE}/tickets/merged?startDate=2026-11-01'.`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

interface Group {
  ticketId: number;
  ids: number[];
  /** UTC, as `YYYY-MM-DDTHH:MM:SS`. */
  at: string;
}

interface FakeOptions {
  /** Longest window (endDate inclusive) before a 400; 0: none. */
  maxDays?: number;
  shape?: 'pageNumber' | 'totalPages' | 'list';
  ids?: 'joined' | 'list' | 'single';
  format?: 'space' | 'offset';
  pageSize?: number;
  empty?: '404' | 'empty';
  /** The server does not take `page`: every page is the first. */
  ignoresPage?: boolean;
  /** Every request answers ASP.NET's route-missing 404. */
  missing?: boolean;
  /** First createdDate on /tickets/past and /tickets (null: no tickets there). */
  oldest?: { past: string | null; recent: string | null };
}

interface Seen {
  path: string;
  query: Record<string, string>;
}

const stampMs = (at: string) => Date.parse(`${at}Z`);

/** A nock stand-in for /tickets/merged (and the oldest-ticket lookups), recording every request. */
function fakeMerges(groups: Group[], options: FakeOptions = {}) {
  const seen: Seen[] = [];
  const reply = (status: number, body: unknown) => [status, JSON.stringify(body)] as [number, string];
  nock(BASE)
    .persist()
    .get(/\/tickets(\/past|\/merged)?(\?.*)?$/)
    .query(true)
    .reply((uri) => {
      const url = new URL(uri, 'http://x');
      const path = url.pathname.replace('/public/v1', '');
      const query = Object.fromEntries(url.searchParams);
      seen.push({ path, query });
      if (query.token !== TOKEN)
        return reply(401, { Message: 'Authorization has been denied for this request.' });
      if (path !== '/tickets/merged') {
        const oldest = path === '/tickets/past' ? options.oldest?.past : options.oldest?.recent;
        return reply(200, oldest ? [{ createdDate: oldest }] : []);
      }
      if (options.missing) return reply(404, { Message: ROUTE_MISSING });
      const start = Date.parse(`${query.startDate}T00:00:00Z`);
      const end = Date.parse(`${query.endDate}T00:00:00Z`);
      const days = (end - start) / DAY + 1;
      if ((options.maxDays ?? 7) > 0 && days > (options.maxDays ?? 7))
        return reply(400, {
          Message: `O período entre startDate e endDate não pode ser maior que ${options.maxDays ?? 7} dias.`,
        });
      const page = options.ignoresPage ? 1 : Number(query.page ?? 1);
      const items = groups
        .filter((g) => stampMs(g.at) >= start && stampMs(g.at) < end + DAY)
        .flatMap((g): JsonRecord[] => {
          const lastUpdate =
            options.format === 'offset'
              ? `${new Date(stampMs(g.at) - 3 * 3_600_000).toISOString().slice(0, 19)}.000-03:00`
              : g.at.replace('T', ' ');
          if (options.ids === 'single')
            return g.ids.map((id) => ({ ticketId: g.ticketId, mergedTicketsId: id, lastUpdate }));
          return [
            {
              ticketId: g.ticketId,
              mergedTicketsIds: options.ids === 'list' ? g.ids : g.ids.join(';'),
              lastUpdate,
            },
          ];
        });
      const size = options.pageSize ?? 25;
      const pages = Math.ceil(items.length / size);
      const slice = items.slice((page - 1) * size, page * size);
      if (slice.length === 0 && (options.empty ?? '404') === '404')
        return reply(404, { Message: 'Nenhum ticket mesclado encontrado.' });
      if (options.shape === 'list') return reply(200, slice);
      if (options.shape === 'totalPages') return reply(200, { mergedTickets: slice, totalPages: pages });
      return reply(200, { mergedTickets: slice, pageNumber: `${page} of ${pages}` });
    });
  return seen;
}

async function sync(options: { state?: TapState; startDate?: string } = {}) {
  const { logger, redactor, lines } = captureLogger();
  const client = testClient(BASE, TOKEN, logger, redactor);
  const { sink, out } = collectingSink();
  try {
    const result = await runSync({
      client,
      logger,
      sink,
      state: new StateManager(options.state),
      selection: selectAll(MERGES),
      explicitSelection: true,
      settings: {
        pageSize: 100,
        lookbackMinutes: 5,
        includeDeletedItems: true,
        startDate: options.startDate,
      },
      streams: STREAMS,
      now: NOW,
    });
    return { out, result, lines, requests: client.stats.requests };
  } finally {
    client.close();
  }
}

const windows = (seen: Seen[]) =>
  seen
    .filter((s) => s.path === '/tickets/merged')
    .map((s) => `${s.query.startDate}..${s.query.endDate}#${s.query.page}`);
const rows = (out: { records: { stream: string; record: JsonRecord }[] }) =>
  out.records.filter((r) => r.stream === 'ticket_merges').map((r) => r.record);

const GROUPS: Group[] = [
  { ticketId: 10, ids: [11, 12], at: '2026-11-02T10:00:00' },
  { ticketId: 20, ids: [21], at: '2026-11-09T23:59:59' },
  { ticketId: 30, ids: [31, 32, 33], at: '2026-11-20T03:00:00' },
];

describe('ticket_merges: date windows', () => {
  it('walks 7-day windows from start_date to today after the account refuses a longer one on first contact, and keeps the 7 days in STATE', async () => {
    const seen = fakeMerges(GROUPS);
    const { out, result, lines } = await sync({ startDate: '2026-11-01T12:00:00Z' });
    expect(result.failures).toEqual([]);
    // The first window is the probe (the whole range, 21 days): refused, the same start is asked again with 7 days.
    expect(windows(seen)).toEqual([
      '2026-11-01..2026-11-21#1',
      '2026-11-01..2026-11-07#1',
      '2026-11-08..2026-11-14#1',
      '2026-11-15..2026-11-21#1',
    ]);
    expect(result.learned).toEqual([{ stream: 'ticket_merges', property: '$windowDays', adjustment: 7 }]);
    expect(
      lines.some((line) =>
        /info ticket_merges: Movidesk refused a 21-day window on GET \/tickets\/merged \(O período entre startDate e endDate não pode ser maior que 7 dias\.\); date windows are at most 7 days long/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(rows(out)).toEqual([
      { ticketId: 10, mergedTicketId: 11, lastUpdate: '2026-11-02T10:00:00Z' },
      { ticketId: 10, mergedTicketId: 12, lastUpdate: '2026-11-02T10:00:00Z' },
      { ticketId: 20, mergedTicketId: 21, lastUpdate: '2026-11-09T23:59:59Z' },
      { ticketId: 30, mergedTicketId: 31, lastUpdate: '2026-11-20T03:00:00Z' },
      { ticketId: 30, mergedTicketId: 32, lastUpdate: '2026-11-20T03:00:00Z' },
      { ticketId: 30, mergedTicketId: 33, lastUpdate: '2026-11-20T03:00:00Z' },
    ]);
    // A STATE after each window, saying which window comes next; the last moves the bookmark to the sync start.
    expect(out.states).toEqual([
      {
        bookmarks: {
          ticket_merges: {
            replication_key: 'lastUpdate',
            progress: {
              window_start: '2026-11-01T12:00:00.000Z',
              window_end: '2026-11-21T12:00:00.000Z',
              partition: '2026-11-08/2026-11-14',
              after: null,
            },
          },
        },
        query_adjustments: { ticket_merges: { $windowDays: 7 } },
      },
      {
        bookmarks: {
          ticket_merges: {
            replication_key: 'lastUpdate',
            progress: {
              window_start: '2026-11-01T12:00:00.000Z',
              window_end: '2026-11-21T12:00:00.000Z',
              partition: '2026-11-15/2026-11-21',
              after: null,
            },
          },
        },
        query_adjustments: { ticket_merges: { $windowDays: 7 } },
      },
      {
        bookmarks: {
          ticket_merges: { replication_key: 'lastUpdate', replication_key_value: '2026-11-21T12:00:00.000Z' },
        },
        query_adjustments: { ticket_merges: { $windowDays: 7 } },
      },
    ]);
  });

  it('asks 7-day windows from the first request when STATE already holds what the account accepts', async () => {
    const seen = fakeMerges(GROUPS);
    const { result } = await sync({
      startDate: '2026-11-01T12:00:00Z',
      state: { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: 7 } } },
    });
    expect(windows(seen)).toEqual([
      '2026-11-01..2026-11-07#1',
      '2026-11-08..2026-11-14#1',
      '2026-11-15..2026-11-21#1',
    ]);
    expect(result.learned).toEqual([]);
  });

  it('keeps a longer window when the account accepts it: one request for the whole range, and STATE says so', async () => {
    const seen = fakeMerges(GROUPS, { maxDays: 0 });
    const { out, result } = await sync({ startDate: '2026-11-01T12:00:00Z' });
    expect(windows(seen)).toEqual(['2026-11-01..2026-11-21#1']);
    expect(rows(out)).toHaveLength(6);
    expect(result.learned).toEqual([{ stream: 'ticket_merges', property: '$windowDays', adjustment: 21 }]);
    expect(out.states.at(-1)).toMatchObject({ query_adjustments: { ticket_merges: { $windowDays: 21 } } });
  });

  it('an incremental run re-reads the bookmark day (as a Brasília day) and reads to today in one window', async () => {
    const seen = fakeMerges(GROUPS);
    const state = (value: string): TapState => ({
      bookmarks: { ticket_merges: { replication_key: 'lastUpdate', replication_key_value: value } },
      query_adjustments: { ticket_merges: { $windowDays: 7 } },
    });
    const late = await sync({ state: state('2026-11-20T12:00:00.000Z') });
    // 02:00 UTC is 23:00 the day before in Brasília: that day is read too, whichever the API means.
    const early = await sync({ state: state('2026-11-20T02:00:00.000Z') });
    expect(windows(seen)).toEqual(['2026-11-20..2026-11-21#1', '2026-11-19..2026-11-21#1']);
    // The merge of 2026-11-20 03:00 comes again (a target upserts it); the bookmark moves to the sync start.
    expect(rows(late.out).map((r) => r.mergedTicketId)).toEqual([31, 32, 33]);
    expect(rows(early.out).map((r) => r.mergedTicketId)).toEqual([31, 32, 33]);
    expect(late.out.states.at(-1)).toEqual({
      bookmarks: {
        ticket_merges: { replication_key: 'lastUpdate', replication_key_value: '2026-11-21T12:00:00.000Z' },
      },
      query_adjustments: { ticket_merges: { $windowDays: 7 } },
    });
  });

  it('without bookmark or start_date starts at the oldest ticket creation, asked on both routes (deleted tickets included)', async () => {
    const seen = fakeMerges(GROUPS, {
      maxDays: 0,
      oldest: { past: '2026-10-20T02:30:00.1234567', recent: '2026-10-25T10:00:00' },
    });
    const { out, lines } = await sync();
    expect(seen.filter((s) => s.path !== '/tickets/merged')).toEqual([
      {
        path: '/tickets/past',
        query: {
          $select: 'createdDate',
          $orderby: 'createdDate asc',
          $top: '1',
          includeDeletedItems: 'true',
          token: TOKEN,
        },
      },
      {
        path: '/tickets',
        query: {
          $select: 'createdDate',
          $orderby: 'createdDate asc',
          $top: '1',
          includeDeletedItems: 'true',
          token: TOKEN,
        },
      },
    ]);
    // 02:30 UTC on the 20th is the 19th in Brasília.
    expect(windows(seen)).toEqual(['2026-10-19..2026-11-21#1']);
    expect(rows(out)).toHaveLength(6);
    expect(lines).toContain(
      'info /tickets/merged: no bookmark nor start_date, so reading from the earliest createdDate on /tickets/past and /tickets: 2026-10-20T02:30:00.123Z',
    );
  });

  it('an account without tickets has nothing merged: no merges request, the bookmark moves to the sync start', async () => {
    const seen = fakeMerges(GROUPS, { oldest: { past: null, recent: null } });
    const { out, result } = await sync();
    expect(windows(seen)).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(out.states.at(-1)).toMatchObject({
      bookmarks: { ticket_merges: { replication_key_value: '2026-11-21T12:00:00.000Z' } },
    });
  });
});

describe('ticket_merges: answers', () => {
  const KNOWN: TapState = { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: 7 } } };
  const busy: Group[] = Array.from({ length: 5 }, (_, i) => ({
    ticketId: 100 + i * 10,
    ids: [101 + i * 10, 102 + i * 10],
    at: `2026-11-1${i}T08:00:00`,
  }));
  const all = busy.flatMap((g) => g.ids.map((id) => `${g.ticketId}>${id}`)).sort();
  const keys = (out: { records: { stream: string; record: JsonRecord }[] }) =>
    rows(out)
      .map((r) => `${r.ticketId}>${r.mergedTicketId}`)
      .sort();

  it('"pageNumber": "x of N": pages 1..N of each window, no page after the last', async () => {
    const seen = fakeMerges(busy, { pageSize: 2 });
    const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(windows(seen)).toEqual([
      '2026-11-10..2026-11-16#1',
      '2026-11-10..2026-11-16#2',
      '2026-11-10..2026-11-16#3',
      '2026-11-17..2026-11-21#1',
    ]);
    expect(keys(out)).toEqual(all);
    // A STATE after every page: the second says page 2 of the first window is done.
    expect(out.states[1]).toMatchObject({
      bookmarks: { ticket_merges: { progress: { partition: '2026-11-10/2026-11-16', after: 2 } } },
    });
  });

  it('"totalPages": N instead of pageNumber', async () => {
    const seen = fakeMerges(busy, { pageSize: 2, shape: 'totalPages' });
    const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(windows(seen)).toEqual([
      '2026-11-10..2026-11-16#1',
      '2026-11-10..2026-11-16#2',
      '2026-11-10..2026-11-16#3',
      '2026-11-17..2026-11-21#1',
    ]);
    expect(keys(out)).toEqual(all);
  });

  it('a bare list without paging information: pages until the 404 that follows the last', async () => {
    const seen = fakeMerges(busy, { pageSize: 2, shape: 'list' });
    const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(windows(seen)).toEqual([
      '2026-11-10..2026-11-16#1',
      '2026-11-10..2026-11-16#2',
      '2026-11-10..2026-11-16#3',
      '2026-11-10..2026-11-16#4',
      '2026-11-17..2026-11-21#1',
    ]);
    expect(keys(out)).toEqual(all);
  });

  it('a bare list from a server that ignores page: the repeated page ends the window, nothing twice', async () => {
    const seen = fakeMerges(busy, { shape: 'list', ignoresPage: true });
    const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(windows(seen)).toEqual([
      '2026-11-10..2026-11-16#1',
      '2026-11-10..2026-11-16#2',
      '2026-11-17..2026-11-21#1',
    ]);
    expect(keys(out)).toEqual(all);
  });

  it('an empty answer instead of 404 ends the window too', async () => {
    const seen = fakeMerges(busy, { pageSize: 2, shape: 'list', empty: 'empty' });
    const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(windows(seen)).toHaveLength(5);
    expect(keys(out)).toEqual(all);
  });

  it('ids as a JSON list, or one object per absorbed ticket with mergedTicketsId; lastUpdate with an offset', async () => {
    for (const ids of ['list', 'single'] as const) {
      fakeMerges(busy, { ids, format: 'offset' });
      const { out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
      expect(keys(out), ids).toEqual(all);
      expect(rows(out)[0]?.lastUpdate).toBe('2026-11-10T08:00:00.000Z');
      nock.cleanAll();
    }
  });

  it('a page that is not the one asked for fails the stream: later pages could not be read', async () => {
    fakeMerges(busy, { pageSize: 2, ignoresPage: true });
    const { result, out } = await sync({ startDate: '2026-11-10T12:00:00Z', state: KNOWN });
    expect(result.failures.map((f) => [f.kind, f.reason])).toEqual([
      [
        'failed',
        'Movidesk answered page 1 when asked for page 2 of GET /tickets/merged (2026-11-10/2026-11-16): it does not take "page", so pages after the first cannot be read',
      ],
    ]);
    // The first page was emitted and checkpointed; a rerun resumes at page 2.
    expect(rows(out)).toHaveLength(4);
    expect(out.states.at(-1)).toMatchObject({
      bookmarks: { ticket_merges: { progress: { partition: '2026-11-10/2026-11-16', after: 1 } } },
    });
  });
});

describe('ticket_merges: 404', () => {
  it('a 404 with any message but ASP.NET route-missing text is a window without merges, also on the first request of the run', async () => {
    const seen = fakeMerges([]);
    const { result, out } = await sync({
      startDate: '2026-11-10T12:00:00Z',
      state: { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: 7 } } },
    });
    expect(result.failures).toEqual([]);
    expect(windows(seen)).toEqual(['2026-11-10..2026-11-16#1', '2026-11-17..2026-11-21#1']);
    expect(rows(out)).toEqual([]);
    expect(out.states.at(-1)).toMatchObject({
      bookmarks: { ticket_merges: { replication_key_value: '2026-11-21T12:00:00.000Z' } },
    });
  });

  it('ASP.NET "No HTTP resource was found" on the first request: the account has no such route, the stream is skipped', async () => {
    const seen = fakeMerges(GROUPS, { missing: true });
    const { result, out } = await sync({ startDate: '2026-11-10T12:00:00Z' });
    expect(windows(seen)).toHaveLength(1);
    expect(result.failures.map((f) => [f.kind, f.streams, f.failsRun, f.failureType])).toEqual([
      ['skipped', ['ticket_merges'], true, 'config_error'],
    ]);
    expect(result.failures[0]?.reason).toMatch(
      /^Movidesk answered HTTP 404 on GET \/tickets\/merged with "No HTTP resource was found that matches the request URI/,
    );
    expect(result.failures[0]?.fix).toBe(
      'the account probably has not contracted the Movidesk module behind /tickets/merged; deselect ticket_merges in the catalog',
    );
    expect(rows(out)).toEqual([]);
  });

  it('ASP.NET route-missing 404 after the token worked elsewhere (RouteDeniedError): skipped as well', async () => {
    const seen = fakeMerges(GROUPS, { missing: true, oldest: { past: '2026-11-18T00:00:00', recent: null } });
    const { result } = await sync();
    expect(seen.map((s) => s.path)).toEqual(['/tickets/past', '/tickets', '/tickets/merged']);
    expect(result.failures.map((f) => [f.kind, f.streams])).toEqual([['skipped', ['ticket_merges']]]);
  });
});

describe('ticket_merges: resume', () => {
  it('a run killed inside a window resumes at the next page of that window, then goes on window by window', async () => {
    const busy: Group[] = Array.from({ length: 5 }, (_, i) => ({
      ticketId: 100 + i,
      ids: [200 + i],
      at: `2026-11-1${i}T08:00:00`,
    }));
    const seen = fakeMerges(busy, { pageSize: 2 });
    const state: TapState = {
      bookmarks: {
        ticket_merges: {
          replication_key: 'lastUpdate',
          progress: {
            window_start: '2026-11-10T12:00:00.000Z',
            window_end: '2026-11-21T12:00:00.000Z',
            partition: '2026-11-10/2026-11-16',
            after: 2,
          },
        },
      },
      query_adjustments: { ticket_merges: { $windowDays: 7 } },
    };
    const { out, lines } = await sync({ state });
    expect(windows(seen)).toEqual(['2026-11-10..2026-11-16#3', '2026-11-17..2026-11-21#1']);
    expect(rows(out).map((r) => r.mergedTicketId)).toEqual([204]);
    expect(lines.some((line) => line.includes('ticket_merges: resuming the interrupted run at'))).toBe(true);
    // The window end is the interrupted run's: the bookmark moves there, not to this run's start.
    expect(out.states.at(-1)).toMatchObject({
      bookmarks: { ticket_merges: { replication_key_value: '2026-11-21T12:00:00.000Z' } },
    });
  });

  it('a run killed between windows resumes at the window its last STATE names', async () => {
    const seen = fakeMerges(GROUPS);
    const state: TapState = {
      bookmarks: {
        ticket_merges: {
          replication_key: 'lastUpdate',
          progress: {
            window_start: '2026-11-01T12:00:00.000Z',
            window_end: '2026-11-21T12:00:00.000Z',
            partition: '2026-11-15/2026-11-21',
            after: null,
          },
        },
      },
      query_adjustments: { ticket_merges: { $windowDays: 7 } },
    };
    const { out } = await sync({ state });
    expect(windows(seen)).toEqual(['2026-11-15..2026-11-21#1']);
    expect(rows(out).map((r) => r.mergedTicketId)).toEqual([31, 32, 33]);
  });

  it('progress that is not a date window is a state error naming the fix: it ends the run (bad input, exit 2)', async () => {
    fakeMerges(GROUPS);
    const run = sync({
      state: {
        bookmarks: {
          ticket_merges: {
            progress: { window_start: null, window_end: '2026-11-21T12:00:00.000Z', partition: 'x' },
          },
        },
      },
    });
    await expect(run).rejects.toThrow(StateError);
    await expect(run).rejects.toThrow(
      'progress "partition" "x" is not a date window (YYYY-MM-DD/YYYY-MM-DD); delete "progress" from the state to restart the current window',
    );
  });
});

describe('ticket_merges: rows of one answer', () => {
  it('splits mergedTicketsIds on ;, trims, skips empties, makes integers', () => {
    expect(
      mergeAnswer({
        mergedTickets: [
          { ticketId: '7', mergedTicketsIds: ' 8; 9 ;;10;', lastUpdate: '2024-05-23 14:08:13' },
        ],
        pageNumber: '2 of 3',
      }),
    ).toEqual({
      rows: [
        { ticketId: 7, mergedTicketId: 8, lastUpdate: '2024-05-23 14:08:13' },
        { ticketId: 7, mergedTicketId: 9, lastUpdate: '2024-05-23 14:08:13' },
        { ticketId: 7, mergedTicketId: 10, lastUpdate: '2024-05-23 14:08:13' },
      ],
      page: 2,
      pages: 3,
    });
    expect(mergeAnswer({ ticketId: 1, mergedTicketsId: 2, lastUpdate: null })).toEqual({
      rows: [{ ticketId: 1, mergedTicketId: 2, lastUpdate: null }],
    });
    expect(mergeAnswer([])).toEqual({ rows: [] });
  });

  it('a shape it cannot read is an API data error naming what came', () => {
    expect(() => mergeAnswer({ items: [] })).toThrow(
      'Movidesk answered GET /tickets/merged with an object with keys items; expected {"mergedTickets": [...]} or a list of merges',
    );
    expect(() => mergeAnswer([42])).toThrow(
      'Movidesk answered GET /tickets/merged with a merge that is number; expected {"mergedTickets": [...]} or a list of merges',
    );
    expect(() => mergeAnswer('<html>')).toThrow('with a string');
  });

  it('an absorbed id that is not an integer fails the stream (a key that does not fit)', async () => {
    nock(BASE)
      .get(/\/tickets\/merged/)
      .query(true)
      .reply(200, {
        mergedTickets: [{ ticketId: 5, mergedTicketsIds: '6;seis', lastUpdate: '2026-11-20 10:00:00' }],
        pageNumber: '1 of 1',
      });
    const { result } = await sync({
      startDate: '2026-11-20T12:00:00Z',
      state: { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: 7 } } },
    });
    expect(result.failures.map((f) => f.kind)).toEqual(['failed']);
    expect(result.failures[0]?.reason).toContain('mergedTicketId');
  });
});

describe('STATE query_adjustments for a reader limit', () => {
  it('takes a positive integer under a $ key and rejects anything else with the fix', () => {
    const state = {
      bookmarks: {},
      query_adjustments: { ticket_merges: { $windowDays: 7 }, tickets: { x: 'drop' } },
    };
    expect(parseState(state, 'state.json', NOW).query_adjustments).toEqual(state.query_adjustments);
    for (const bad of [0, 7.5, '7', 'drop']) {
      expect(() =>
        parseState(
          { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: bad } } },
          'state.json',
          NOW,
        ),
      ).toThrow(
        `state.json: "query_adjustments" of stream "ticket_merges" has ${JSON.stringify(bad)} for "$windowDays", expected a positive integer; delete "query_adjustments" from the state and the tap learns them again`,
      );
    }
  });
});
