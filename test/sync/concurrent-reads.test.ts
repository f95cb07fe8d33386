import { describe, expect, it } from 'vitest';
import { rootOf } from '../../src/engine/metadata.js';
import { selectAll } from '../../src/engine/selection.js';
import { type Progress, StateManager, type TapState } from '../../src/engine/state.js';
import { runSync } from '../../src/engine/sync.js';
import type { GetOptions, MovideskClient, Pace, QueryParams } from '../../src/http/client.js';
import { BadRequestError, HeavyQueryError } from '../../src/http/errors.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS as ALL_STREAMS } from '../../src/streams/index.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { captureLogger, collectingSink } from '../helpers/harness.js';
import { prng } from '../reliability/soak.js';

/** The ticket family: tickets and the streams read through them (not ticket_merges, a stream of its own). */
const STREAMS = ALL_STREAMS.filter((stream) => rootOf(stream, ALL_STREAMS).name === 'tickets');
const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const DAY_SPACING = 6_100;

/** Ids with gaps and a few negative ones; recent tickets cluster at the top, as they do in an account. */
function dataset(seed: number) {
  const random = prng(seed);
  const recent: JsonRecord[] = [];
  const past: JsonRecord[] = [];
  let id = -7;
  for (let index = 0; index < 3_400; index++) {
    id += 1 + Math.floor(random() * 4);
    const isRecent = index > 2_500 ? random() < 0.8 : random() < 0.1;
    const row = ticketFixture(id, apiTimestamp(NOW, isRecent ? 1 + (index % 80) : 100 + (index % 900)));
    (isRecent ? recent : past).push(row);
  }
  return { recent, past };
}

interface Call {
  path: string;
  params: QueryParams;
}

/**
 * A stand-in for the HTTP client: answers the keyset queries the reader sends (window on lastUpdate,
 * `id gt`, `$orderby=id asc|desc`, `$top` capped at 100) from two lists of tickets, and releases the
 * answers of the requests in flight in a seeded random order, each "taking" `answerMs` (reported to
 * the reader as a measured answer time: no real time passes). `fail` may turn a call into an error.
 */
function fakeApi(
  data: { recent: JsonRecord[]; past: JsonRecord[] },
  options: { answerMs: number; seed?: number; fail?: (call: Call, index: number) => Error | undefined },
) {
  const random = prng(options.seed ?? 1);
  const calls: Call[] = [];
  const pending: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const release = () => {
    const index = Math.floor(random() * pending.length);
    const [answer] = pending.splice(index, 1);
    answer?.();
  };
  const client = {
    pace: (): Pace => ({ spacingMs: DAY_SPACING, inFlight, failureStreak: 0 }),
    get: (path: string, params: QueryParams = {}, get: GetOptions = {}): Promise<unknown> => {
      const call = { path, params };
      calls.push(call);
      inFlight += 1;
      most = Math.max(most, inFlight);
      const failure = options.fail?.(call, calls.length - 1);
      const body = failure ? undefined : answer(path === '/tickets' ? data.recent : data.past, params);
      return new Promise((resolve, reject) => {
        pending.push(() => {
          inFlight -= 1;
          if (get.signal?.aborted) return reject(new Error('aborted'));
          if (failure) return reject(failure);
          get.onAnswer?.(options.answerMs);
          resolve(structuredClone(body));
        });
        setImmediate(release);
      });
    },
  };
  return { client: client as unknown as MovideskClient, calls, mostInFlight: () => most };
}

function answer(rows: JsonRecord[], params: QueryParams): JsonRecord[] {
  const filter = String(params.$filter ?? '');
  const ge = /lastUpdate ge (\S+)/.exec(filter)?.[1];
  const lt = /lastUpdate lt (\S+)/.exec(filter)?.[1];
  const after = /id gt (-?\d+)/.exec(filter)?.[1];
  const matching = rows.filter((row) => {
    const lastUpdate = Date.parse(`${row.lastUpdate as string}Z`);
    if (ge && !(lastUpdate >= Date.parse(ge))) return false;
    if (lt && !(lastUpdate < Date.parse(lt))) return false;
    return !(after && !((row.id as number) > Number(after)));
  });
  if (params.$orderby === 'id desc') matching.reverse();
  const page = matching.slice(0, Math.min(Number(params.$top ?? 100), 100));
  return params.$select === 'id' ? page.map((row) => ({ id: row.id })) : page;
}

async function sync(
  client: MovideskClient,
  options: { state?: TapState; maxConcurrentRequests?: number } = {},
) {
  const { logger, lines } = captureLogger('info');
  const { sink, out } = collectingSink();
  await runSync({
    client,
    logger,
    sink,
    state: new StateManager(options.state),
    selection: selectAll(STREAMS),
    settings: {
      pageSize: 100,
      lookbackMinutes: 5,
      includeDeletedItems: true,
      maxConcurrentRequests: options.maxConcurrentRequests ?? 4,
    },
    streams: STREAMS,
    now: NOW,
  });
  return { out, lines };
}

const ticketIds = (records: { stream: string; record: JsonRecord }[]) =>
  records.filter((r) => r.stream === 'tickets').map((r) => r.record.id as number);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
const progressOf = (state: unknown) =>
  (state as TapState).bookmarks.tickets?.progress as Progress | undefined;
/** Pages needed at 100 a page, plus the empty page that ends each route. */
const lowerBound = (data: { recent: unknown[]; past: unknown[] }) =>
  Math.ceil(data.recent.length / 100) + 1 + Math.ceil(data.past.length / 100) + 1;

describe('reading a route in id ranges when answers are slow', () => {
  const data = dataset(3);
  const all = sorted([...data.recent, ...data.past].map((row) => row.id as number));

  it('20 s answers, 6.1 s apart: up to 4 requests in flight, every ticket once, requests = bound + 1 per extra range + 1 probe per route', async () => {
    const api = fakeApi(data, { answerMs: 20_000 });
    const { out, lines } = await sync(api.client);
    expect(sorted(ticketIds(out.records))).toEqual(all);
    expect(api.mostInFlight()).toBe(4);
    const probes = api.calls.filter((call) => call.params.$orderby === 'id desc');
    expect(probes.map((call) => call.path)).toEqual(['/tickets', '/tickets/past']);
    const ranges = lines
      .map((line) => /read in (\d+) id ranges/.exec(line)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(ranges).toHaveLength(2);
    const extra = ranges.reduce((sum, count) => sum + count - 1, 0);
    expect(api.calls.length).toBeGreaterThanOrEqual(lowerBound(data) + probes.length);
    expect(api.calls.length).toBeLessThanOrEqual(lowerBound(data) + extra + probes.length);
    // Each route still ends in order: every /tickets request before any /tickets/past one.
    const firstPast = api.calls.findIndex((call) => call.path === '/tickets/past');
    expect(api.calls.slice(firstPast).every((call) => call.path === '/tickets/past')).toBe(true);
    // STATE follows the records of its page; the last one completes the stream.
    expect(out.order.at(-1)).toBe('STATE');
    expect(progressOf(out.states.at(-1))).toBeUndefined();
  });

  it('answers faster than the spacing: one request at a time, no probe, exactly the lower bound', async () => {
    const api = fakeApi(data, { answerMs: 5_000 });
    const { out } = await sync(api.client);
    expect(sorted(ticketIds(out.records))).toEqual(all);
    expect(api.mostInFlight()).toBe(1);
    expect(api.calls.some((call) => call.params.$orderby === 'id desc')).toBe(false);
    expect(api.calls.length).toBe(lowerBound(data));
    expect(out.states.every((state) => progressOf(state)?.ranges === undefined)).toBe(true);
  });

  it('every STATE covers exactly the records before it: a run resumed from any of them emits each remaining ticket once', async () => {
    const first = await sync(fakeApi(data, { answerMs: 20_000, seed: 5 }).client);
    const order = first.out.order;
    const withRanges = first.out.states.filter((state) => (progressOf(state)?.ranges?.length ?? 0) > 1);
    expect(withRanges.length).toBeGreaterThan(10);
    let recordIndex = 0;
    let stateIndex = 0;
    const before: number[] = [];
    const tickets = first.out.records;
    for (const kind of order) {
      if (kind === 'RECORD') {
        const record = tickets[recordIndex++];
        if (record?.stream === 'tickets') before.push(record.record.id as number);
      }
      if (kind !== 'STATE') continue;
      const state = first.out.states[stateIndex++] as TapState;
      if (!progressOf(state)) continue;
      const resumed = await sync(fakeApi(data, { answerMs: 20_000, seed: stateIndex }).client, { state });
      const after = ticketIds(resumed.out.records);
      expect(new Set(after).size, `resumed from STATE ${stateIndex}`).toBe(after.length);
      expect(
        after.filter((id) => before.includes(id)),
        `resumed from STATE ${stateIndex}`,
      ).toEqual([]);
      expect(sorted([...before, ...after]), `resumed from STATE ${stateIndex}`).toEqual(all);
    }
    expect(stateIndex).toBe(first.out.states.length);
  });

  it('resumes every range of a STATE written with several ranges, each from its own position', async () => {
    const past = sorted(data.past.map((row) => row.id as number));
    const cut = (share: number) => past[Math.floor(past.length * share)] as number;
    const progress: Progress = {
      window_start: null,
      window_end: new Date(NOW).toISOString(),
      route: '/tickets/past',
      after: cut(0.1),
      ranges: [
        { after: cut(0.1), up_to: cut(0.3) },
        { after: cut(0.5), up_to: cut(0.7) },
        { after: cut(0.9), up_to: null },
      ],
    };
    const state: TapState = { bookmarks: { tickets: { replication_key: 'lastUpdate', progress } } };
    const api = fakeApi(data, { answerMs: 1_000 });
    const { out } = await sync(api.client, { state });
    const expected = past.filter(
      (id) => (id > cut(0.1) && id <= cut(0.3)) || (id > cut(0.5) && id <= cut(0.7)) || id > cut(0.9),
    );
    expect(sorted(ticketIds(out.records))).toEqual(expected);
    // One request at a time here (fast answers): the ranges in key order, each from its own after.
    const afters = api.calls.map((call) => /id gt (-?\d+)/.exec(String(call.params.$filter))?.[1]);
    expect(afters[0]).toBe(String(cut(0.1)));
    expect(afters).toContain(String(cut(0.5)));
    expect(afters).toContain(String(cut(0.9)));
    expect(api.calls.every((call) => call.path === '/tickets/past')).toBe(true);
  });

  it('heavy-query 500s with pages in flight: one failure halves the page, the others asked at the old size do not shrink it again', async () => {
    const api = fakeApi(data, {
      answerMs: 20_000,
      // The server gets busier once pages of 100 are in flight side by side: more than 60 is too heavy.
      fail: (call, index) => {
        if (index < 15 || call.params.$orderby !== 'id asc' || Number(call.params.$top) <= 60)
          return undefined;
        failures += 1;
        return new HeavyQueryError('Movidesk found the query too heavy (HTTP 500 on GET /tickets)');
      },
    });
    let failures = 0;
    const { out, lines } = await sync(api.client);
    expect(sorted(ticketIds(out.records))).toEqual(all);
    const sizes = api.calls
      .filter((call) => call.params.$orderby === 'id asc')
      .map((c) => Number(c.params.$top));
    // Several pages of 100 fail at once: the first halves the size, the others change nothing; probing
    // up at 75 fails → back to 50. Never below 50, where one shrink per failure would have gone.
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(Math.min(...sizes)).toBe(50);
    // Then one page at a time tries a larger size (the others ask for one known to work): the pages
    // in flight when the server got busier, plus one failure per step of the search.
    expect(failures).toBeLessThanOrEqual(4 + 4);
    expect(
      lines.filter((line) => line.includes('asking for the same range with $top=')).length,
    ).toBeGreaterThan(0);
  });

  it('a 400 answered to a page sent before the query was adjusted asks that page again and learns once', async () => {
    const api = fakeApi(data, {
      answerMs: 20_000,
      // From the 21st request on, the account refuses `canceledIn` (e.g. a field removed mid-run).
      fail: (call, index) => {
        if (index < 20 || !String(call.params.$select).split(',').includes('canceledIn')) return undefined;
        rejected += 1;
        return new BadRequestError(
          'Movidesk rejected GET /tickets with HTTP 400',
          400,
          "The query specified in the URI is not valid. Could not find a property named 'canceledIn' on type 'TicketApiDto'.",
        );
      },
    });
    let rejected = 0;
    const { out, lines } = await sync(api.client);
    // Every page in flight got the 400; the first one taught the adjustment, the others were asked again.
    expect(rejected).toBeGreaterThanOrEqual(2);
    expect(sorted(ticketIds(out.records))).toEqual(all);
    expect(lines.filter((line) => line.includes('Movidesk rejected the query'))).toHaveLength(1);
    expect((out.states.at(-1) as TapState).query_adjustments).toEqual({ tickets: { canceledIn: 'drop' } });
  });
});
