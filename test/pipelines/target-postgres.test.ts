import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { discoverCatalog } from '../../src/engine/catalog.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { expectedKeys, KEY_OF } from '../e2e/truth.js';
import { freshDatabase, instant, pipeline, rows, tool, workdir, writeJson } from './helpers.js';

const TIME_SCALE = '0.01';

/** Keys of the rows a table holds, in expectedKeys' shape (timestamps compared as instants). */
function tableKeys(database: string, stream: string): string[] {
  return rows(database, stream)
    .map((row) => JSON.stringify((KEY_OF[stream] as (r: JsonRecord) => unknown[])(row).map(instant)))
    .sort();
}
const expectedFor = (keys: string[] | undefined) =>
  (keys ?? []).map((key) => JSON.stringify((JSON.parse(key) as unknown[]).map(instant))).sort();

/** A row as the API has it: same value for every column, timestamps as instants, nested objects as JSON. */
function sameRow(table: JsonRecord, api: JsonRecord): void {
  for (const [column, value] of Object.entries(table)) {
    if (column.startsWith('_sdc_') || !(column in api)) continue;
    const expected = api[column];
    if (expected !== null && typeof expected === 'object') expect(value, column).toEqual(expected);
    else expect(instant(value), column).toEqual(instant(expected));
  }
}

describe('tap-movidesk | target-postgres', () => {
  let sim: Simulator;
  let db: ReturnType<typeof freshDatabase>;
  let tapConfig: string;
  let tapCatalog: string;
  let targetConfig: string;
  let stateAfterFirst: unknown;
  const dir = workdir();
  const env = { TAP_MOVIDESK_TIME_SCALE: TIME_SCALE };

  beforeAll(async () => {
    // An account that takes long /tickets/merged windows: the first sync reads all its history in a few
    // requests (7-day windows from the oldest ticket cost ~180 here; test/e2e/ticket-merges.test.ts walks them).
    sim = await startSimulator({
      seed: 21,
      tickets: 300,
      timeScale: Number(TIME_SCALE),
      merges: { rate: 0.2, maxWindowDays: 0 },
    });
    db = freshDatabase();
    tapConfig = writeJson(dir, 'tap.json', { token: sim.token, base_url: sim.url });
    // The discovered catalog with the opt-in ticket_merges selected too: every stream.
    const catalog = discoverCatalog(STREAMS) as {
      streams: {
        tap_stream_id: string;
        metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
      }[];
    };
    for (const stream of catalog.streams)
      if (stream.tap_stream_id === 'ticket_merges')
        Object.assign(stream.metadata.find((m) => m.breadcrumb.length === 0)?.metadata ?? {}, {
          selected: true,
        });
    tapCatalog = writeJson(dir, 'catalog.json', catalog);
    targetConfig = writeJson(dir, 'target.json', {
      sqlalchemy_url: `postgresql+psycopg://root@127.0.0.1:5432/${db.name}`,
      default_target_schema: 'movidesk',
    });
  });
  afterAll(async () => {
    await sim?.close();
    db?.drop();
  });

  it('loads every stream: same keys and values as the simulator ground truth, nested objects as JSON', async () => {
    const run = await pipeline(
      ['--config', tapConfig, '--catalog', tapCatalog],
      [tool('target-postgres', 'target-postgres'), '--config', targetConfig],
      env,
    );
    expect(run.tapCode, run.tapErr.slice(-500)).toBe(0);
    expect(run.target.code, run.target.stderr.slice(-1000)).toBe(0);
    const truth = sim.truth();
    const expected = expectedKeys(truth, { merges: true });
    expect(expected.ticket_merges?.length).toBeGreaterThan(5);
    for (const [stream, keys] of Object.entries(expected))
      expect(tableKeys(db.name, stream), stream).toEqual(expectedFor(keys));
    const merges = new Map(rows(db.name, 'ticket_merges').map((row) => [row.mergedTicketId, row]));
    for (const merge of truth.ticketMerges)
      sameRow(merges.get(merge.mergedTicketId) as JsonRecord, merge as unknown as JsonRecord);

    const tickets = new Map(rows(db.name, 'tickets').map((row) => [row.id, row]));
    for (const ticket of truth.eachTicket() as Iterable<JsonRecord>)
      sameRow(tickets.get(ticket.id) as JsonRecord, ticket);
    expect(
      tickets.get([...tickets.keys()][0])?.owner === null ||
        typeof tickets.get([...tickets.keys()][0])?.owner === 'object',
    ).toBe(true);
    const persons = new Map(rows(db.name, 'persons').map((row) => [row.id, row]));
    for (const person of truth.persons as unknown as JsonRecord[])
      sameRow(persons.get(person.id) as JsonRecord, person);
    const responses = new Map(rows(db.name, 'survey_responses').map((row) => [row.id, row]));
    for (const response of truth.surveyResponses as unknown as JsonRecord[])
      sameRow(responses.get(response.id) as JsonRecord, response);

    // The target echoes the tap's STATE once the rows are committed: that is what the next run gets.
    const states = run.target.stdout.trim().split('\n').filter(Boolean);
    stateAfterFirst = JSON.parse(states.at(-1) as string);
    expect(stateAfterFirst).toMatchObject({ bookmarks: { tickets: { replication_key: 'lastUpdate' } } });
  });

  it('a second run after churn, with the state the target printed, reads only what changed and leaves PostgreSQL equal to the truth', async () => {
    const changes = sim.churn(30);
    // At least one merge among the changes (both tickets change too).
    while (!changes.some((change) => change.kind === 'ticketMerged')) changes.push(...sim.churn(1));
    sim.resetStats();
    const state = writeJson(dir, 'state.json', stateAfterFirst);
    const run = await pipeline(
      ['--config', tapConfig, '--catalog', tapCatalog, '--state', state],
      [tool('target-postgres', 'target-postgres'), '--config', targetConfig],
      env,
    );
    expect(run.tapCode, run.tapErr.slice(-500)).toBe(0);
    expect(run.target.code, run.target.stderr.slice(-1000)).toBe(0);
    const stats = sim.stats();
    // Changed tickets fit in one page: one page plus the empty page that ends /tickets; no archive scan.
    expect(stats.byRoute['/tickets']).toBe(2);
    expect(stats.byRoute['/tickets/past'] ?? 0).toBe(0);
    expect(stats.byRoute['/survey/responses']).toBe(1);
    // Merges: the bookmark's day to today, one window.
    expect(stats.byRoute['/tickets/merged']).toBe(1);

    const truth = sim.truth();
    const expected = expectedKeys(truth, { merges: true });
    for (const stream of [
      'tickets',
      'ticket_actions',
      'ticket_status_histories',
      'survey_responses',
      'persons',
      'ticket_merges',
    ]) {
      expect(tableKeys(db.name, stream), stream).toEqual(expectedFor(expected[stream]));
    }
    const tickets = new Map(rows(db.name, 'tickets').map((row) => [row.id, row]));
    for (const change of changes.filter((c) => c.kind.startsWith('ticket'))) {
      sameRow(
        tickets.get(change.id) as JsonRecord,
        truth.ticket(change.id as number) as unknown as JsonRecord,
      );
    }
  });
});
