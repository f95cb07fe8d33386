import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergeOptions, Simulator } from '../../simulator/index.js';
import { startSimulator } from '../../simulator/index.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { keysByStream, lastState, type Message, runTap as run, sorted, writeFile } from './run-tap.js';
import { expectedKeys } from './truth.js';

/** One simulated minute lasts 0.6 s: the real 10-per-minute rules (and 60 s lockouts), fast. */
const TIME_SCALE = 0.01;
const DAY = 86_400_000;
const TAP = join(import.meta.dirname, '..', '..', 'bin', 'tap-movidesk.js');
const DEFAULTS: Partial<MergeOptions> = {
  shape: 'pageNumber',
  ids: 'joined',
  lastUpdate: 'space',
  maxWindowDays: 7,
  empty: '404',
  pageSize: 5,
};

const catalog = writeFile('merges-catalog.json', {
  streams: [{ tap_stream_id: 'ticket_merges', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }],
});
const KNOWN = { bookmarks: {}, query_adjustments: { ticket_merges: { $windowDays: 7 } } };
/** The first day the tap asks: the Brasília day (UTC−3) holding `ms`, as epoch ms at 00:00 UTC. */
const firstDay = (ms: number) => Math.floor((ms - 3 * 3_600_000) / DAY) * DAY;
const instant = (stamp: string) => Date.parse(/Z$|[+-]\d\d:\d\d$/.test(stamp) ? stamp : `${stamp}Z`);

describe('ticket_merges against the simulator (the real tap, opt-in through the catalog)', () => {
  let sim: Simulator;
  const records = (messages: Message[]) =>
    messages
      .filter((m) => m.type === 'RECORD' && m.stream === 'ticket_merges')
      .map((m) => m.record as JsonRecord);
  /** Truth keys of the merges the tap must emit from `from` (the first day it asks) on. */
  const expectedSince = (from: number) =>
    sim
      .truth()
      .ticketMerges.filter((m) => instant(m.lastUpdate) >= from)
      .map((m) => JSON.stringify([m.ticketId, m.mergedTicketId]));
  const runTap = (extra: string[], config: Record<string, unknown> = {}) =>
    run(sim, TIME_SCALE, ['--catalog', catalog, ...extra], config);
  const merged = () => sim.stats().recent.filter((r) => r.path === '/tickets/merged');

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 17,
      tickets: 3000,
      timeScale: TIME_SCALE,
      logLimit: 5000,
      merges: { rate: 0.3, ...DEFAULTS },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('start_date six weeks back: the longer window is refused once, then 7-day windows page by page to today; every merge, values as the truth', async () => {
    const start = sim.now() - 42 * DAY;
    sim.resetStats();
    const result = await runTap([], { start_date: new Date(start).toISOString() });
    expect(result.code, result.stderr.slice(-800)).toBe(0);
    const emitted = keysByStream(result.messages).ticket_merges;
    const expected = expectedSince(firstDay(start));
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(emitted)).toEqual(sorted(expected));
    // Requests: the refused probe, then per 7-day window one request per page of 5 merge objects (at least one).
    const groups = new Map(sim.truth().ticketMerges.map((m) => [m.ticketId, instant(m.lastUpdate)]));
    // The last day is the one of the sync's start, where the bookmark moved to.
    const end = (
      lastState(result.messages) as { bookmarks: { ticket_merges: { replication_key_value: string } } }
    ).bookmarks.ticket_merges.replication_key_value;
    const lastDay = Math.floor(Date.parse(end) / DAY) * DAY;
    let pages = 1;
    for (let day = firstDay(start); day <= lastDay; day += 7 * DAY) {
      const inWindow = [...groups.values()].filter((at) => at >= day && at < day + 7 * DAY).length;
      pages += Math.max(1, Math.ceil(inWindow / 5));
    }
    expect(merged()).toHaveLength(pages);
    expect(merged()[0]?.status).toBe(400);
    expect(sim.stats().requestsDuringLockout).toBe(0);
    expect(result.stderr).toContain(
      'INFO LEARNED ticket_merges: date windows are at most 7 days long (what this account accepts); kept in STATE query_adjustments',
    );
    // lastUpdate ("YYYY-MM-DD HH:MM:SS", UTC) comes out as RFC 3339 UTC, the truth's instant.
    const truth = new Map(sim.truth().ticketMerges.map((m) => [m.mergedTicketId, m.lastUpdate]));
    for (const record of records(result.messages))
      expect(record.lastUpdate).toBe(`${truth.get(record.mergedTicketId as number)}Z`);
    expect(lastState(result.messages)).toMatchObject({
      query_adjustments: { ticket_merges: { $windowDays: 7 } },
    });
  });

  it.each([
    ['totalPages instead of pageNumber', { shape: 'totalPages' }],
    ['a bare list of merges', { shape: 'list' }],
    ['ids as a JSON list', { ids: 'list' }],
    ['one mergedTicketsId per object', { ids: 'single' }],
    ['lastUpdate with a Brasília offset', { lastUpdate: 'offset' }],
    ['lastUpdate as bare UTC', { lastUpdate: 'utc' }],
    ['an empty answer instead of 404', { empty: 'empty' }],
  ] as const)('%s: the same merges, the same instants', async (_name, variant) => {
    const start = sim.now() - 21 * DAY;
    sim.setOptions({ merges: variant });
    try {
      const result = await runTap(['--state', writeFile('state.json', KNOWN)], {
        start_date: new Date(start).toISOString(),
      });
      expect(result.code, result.stderr.slice(-800)).toBe(0);
      expect(sorted(keysByStream(result.messages).ticket_merges)).toEqual(
        sorted(expectedSince(firstDay(start))),
      );
      const truth = new Map(sim.truth().ticketMerges.map((m) => [m.mergedTicketId, instant(m.lastUpdate)]));
      for (const record of records(result.messages))
        expect(instant(record.lastUpdate as string)).toBe(truth.get(record.mergedTicketId as number));
    } finally {
      sim.setOptions({ merges: DEFAULTS });
    }
  });

  it('no bookmark nor start_date, an account that takes longer windows: from the oldest ticket creation in 365-day windows, the whole history', async () => {
    sim.setOptions({ merges: { maxWindowDays: 0, pageSize: 100 } });
    try {
      sim.resetStats();
      const result = await runTap([]);
      expect(result.code, result.stderr.slice(-800)).toBe(0);
      expect(sorted(keysByStream(result.messages).ticket_merges)).toEqual(
        sorted(expectedKeys(sim.truth(), { merges: true }).ticket_merges),
      );
      const stats = sim.stats();
      expect(stats.byRoute['/tickets/past']).toBe(1);
      expect(stats.byRoute['/tickets']).toBe(1);
      expect(merged()[0]?.query).toMatch(/startDate=\d{4}-\d{2}-\d{2}&endDate=\d{4}-\d{2}-\d{2}&page=1/);
      expect(lastState(result.messages)).toMatchObject({
        query_adjustments: { ticket_merges: { $windowDays: 365 } },
      });
    } finally {
      sim.setOptions({ merges: DEFAULTS });
    }
  });

  it('an incremental run after merges in churn re-reads only the bookmark day to today: one request, the new merges, equal to the truth when replayed', async () => {
    const start = sim.now() - 14 * DAY;
    const first = await runTap(['--state', writeFile('state.json', KNOWN)], {
      start_date: new Date(start).toISOString(),
    });
    expect(first.code).toBe(0);
    const newMerges: number[] = [];
    for (let i = 0; i < 400 && newMerges.length < 3; i++)
      for (const change of sim.churn(1))
        if (change.kind === 'ticketMerged') newMerges.push(change.id as number);
    expect(newMerges).toHaveLength(3);
    sim.resetStats();
    const second = await runTap(['--state', writeFile('state.json', lastState(first.messages))]);
    expect(second.code, second.stderr.slice(-800)).toBe(0);
    expect(merged()).toHaveLength(1);
    const absorbed = records(second.messages).map((r) => r.mergedTicketId);
    for (const id of newMerges) expect(absorbed).toContain(id);
    const view = new Set([
      ...(keysByStream(first.messages).ticket_merges ?? []),
      ...(keysByStream(second.messages).ticket_merges ?? []),
    ]);
    expect(sorted([...view])).toEqual(sorted(expectedSince(firstDay(start))));
  });

  it('an account without the route (ASP.NET 404): ticket_merges is skipped, an ERROR since the catalog selected it, exit 1', async () => {
    sim.setOptions({ account: { missingRoutes: ['/tickets/merged'] } });
    try {
      const result = await runTap([], { start_date: new Date(sim.now() - 3 * DAY).toISOString() });
      expect(result.code).toBe(1);
      expect(records(result.messages)).toEqual([]);
      expect(result.stderr).toMatch(
        /ERROR SKIPPED ticket_merges: Movidesk answered HTTP 404 on GET \/tickets\/merged with "No HTTP resource was found/,
      );
      expect(result.stderr).not.toContain(sim.token);
    } finally {
      sim.setOptions({ account: { missingRoutes: [] } });
    }
  });
});

describe('ticket_merges killed (SIGKILL) mid-run', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 19,
      tickets: 3000,
      timeScale: TIME_SCALE,
      logLimit: 5000,
      merges: { rate: 0.3, pageSize: 2 },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  /** The built tap as a child process; SIGKILLed right after its `killAfter`-th STATE line. */
  function spawnTap(config: string, state: string | undefined, killAfter?: number) {
    const child = spawn(
      process.execPath,
      [TAP, '--config', config, '--catalog', catalog, ...(state ? ['--state', state] : [])],
      {
        env: { ...process.env, TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let states = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      states = (out.match(/"type":"STATE"/g) ?? []).length;
      if (killAfter !== undefined && states >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.resume();
    return new Promise<{ messages: Message[]; code: number | null }>((resolve) =>
      child.on('close', (code) => {
        const lines = out.split('\n');
        if (!out.endsWith('\n')) lines.pop();
        resolve({ messages: lines.filter(Boolean).map((line) => JSON.parse(line) as Message), code });
      }),
    );
  }

  it('resumes at the window and page of its last STATE, and the runs together hold every merge', async () => {
    const start = sim.now() - 35 * DAY;
    const config = writeFile('config.json', {
      token: sim.token,
      base_url: sim.url,
      start_date: new Date(start).toISOString(),
    });
    const killed = await spawnTap(config, writeFile('state.json', KNOWN), 4);
    expect(killed.code).not.toBe(0);
    const state = lastState(killed.messages) as {
      bookmarks: { ticket_merges: { progress: { partition: string; after: number | null } } };
    };
    const { partition, after } = state.bookmarks.ticket_merges.progress;
    expect(partition).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
    sim.resetStats();
    const resumed = await spawnTap(config, writeFile('state.json', state));
    expect(resumed.code).toBe(0);
    const [from, to] = partition.split('/');
    expect(sim.stats().recent.find((r) => r.path === '/tickets/merged')?.query).toBe(
      `?startDate=${from}&endDate=${to}&page=${(after ?? 0) + 1}&token=***`,
    );
    const view = new Set([
      ...(keysByStream(killed.messages).ticket_merges ?? []),
      ...(keysByStream(resumed.messages).ticket_merges ?? []),
    ]);
    const expected = sim
      .truth()
      .ticketMerges.filter((m) => instant(m.lastUpdate) >= firstDay(start))
      .map((m) => JSON.stringify([m.ticketId, m.mergedTicketId]));
    expect(sorted([...view])).toEqual(sorted(expected));
  });
});
