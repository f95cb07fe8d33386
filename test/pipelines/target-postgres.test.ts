import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { discoverCatalog } from '../../src/engine/catalog.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { expectedKeys } from '../e2e/truth.js';
import {
  expectedFor,
  freshDatabase,
  keysOf,
  PG_USER,
  PIPELINE,
  pipeline,
  ROOT,
  rows,
  type Store,
  sameRow,
  schemaNames,
  sql,
  tool,
  workdir,
  writeJson,
} from './helpers.js';

const TIME_SCALE = '0.01';

interface Target {
  /** Its PyPI name; its venv under .venv-e2e/ (scripts/e2e-venv.sh). */
  venv: string;
  config: (database: string) => Record<string, unknown>;
  /** A table row under the schema's field names. */
  row: (stream: string, row: JsonRecord) => JsonRecord;
  store: Store;
}

const TARGETS: Record<string, Target> = {
  // Meltano Hub's default target-postgres: keeps the field names as they are.
  'meltanolabs-target-postgres': {
    venv: 'target-postgres',
    config: (database) => ({
      sqlalchemy_url: `postgresql+psycopg://${PG_USER}@127.0.0.1:5432/${database}`,
      default_target_schema: 'movidesk',
    }),
    row: (_stream, row) => row,
    store: { seventh: 'truncate' },
  },
  // PipelineWise's: lower-cases column names, ignores ACTIVATE_VERSION (upserts by key only), passes
  // timestamps to PostgreSQL as text.
  'pipelinewise-target-postgres': {
    venv: 'pipelinewise-target-postgres',
    config: (database) => ({
      host: '127.0.0.1',
      port: 5432,
      user: PG_USER,
      password: 'unused', // its config check requires one; the test server trusts 127.0.0.1
      dbname: database,
      default_target_schema: 'movidesk',
    }),
    row: schemaNames,
    store: {
      seventh: 'round',
      // Its COPY gets each value as JSON text, so a control character lands as its JSON escape (a line
      // feed as a backslash and an n): transferwise/pipelinewise-target-postgres#131, open in 2.1.2.
      text: (value) => [...value].map((c) => (c < ' ' ? JSON.stringify(c).slice(1, -1) : c)).join(''),
    },
  },
};

describe.each(Object.entries(TARGETS))('tap-movidesk | %s', PIPELINE, (_name, target) => {
  let sim: Simulator;
  let db: ReturnType<typeof freshDatabase>;
  let tapConfig: string;
  let tapCatalog: string;
  let targetConfig: string;
  let stateAfterFirst: unknown;
  const dir = workdir();
  const env = { TAP_MOVIDESK_TIME_SCALE: TIME_SCALE };
  const table = (stream: string) => rows(db.name, stream).map((row) => target.row(stream, row));
  const byId = (stream: string) => new Map(table(stream).map((row) => [row.id, row]));
  const sync = (tap: string[]) =>
    pipeline(tap, [tool(target.venv, 'target-postgres'), '--config', targetConfig], env);

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
    targetConfig = writeJson(dir, 'target.json', target.config(db.name));
  });
  afterAll(async () => {
    await sim?.close();
    db?.drop();
  });

  it('loads every stream: same keys and values as the simulator ground truth, nested objects as JSON', async () => {
    const run = await sync(['--config', tapConfig, '--catalog', tapCatalog]);
    expect(run.tapCode, run.tapErr.slice(-500)).toBe(0);
    expect(run.target.code, run.target.stderr.slice(-1000)).toBe(0);
    const truth = sim.truth();
    const expected = expectedKeys(truth, { merges: true });
    expect(expected.ticket_merges?.length).toBeGreaterThan(5);
    for (const [stream, keys] of Object.entries(expected))
      expect(keysOf(stream, table(stream)), stream).toEqual(expectedFor(keys, target.store));
    const merges = new Map(table('ticket_merges').map((row) => [row.mergedTicketId, row]));
    expect(merges.size).toBe(truth.ticketMerges.length);
    for (const merge of truth.ticketMerges)
      sameRow(merges.get(merge.mergedTicketId) as JsonRecord, merge as unknown as JsonRecord, target.store);

    const tickets = byId('tickets');
    for (const ticket of truth.eachTicket() as Iterable<JsonRecord>)
      sameRow(tickets.get(ticket.id) as JsonRecord, ticket, target.store);
    const owners = [...tickets.values()].map((ticket) => ticket.owner);
    expect(owners.some((owner) => owner !== null && typeof owner === 'object')).toBe(true);
    const persons = byId('persons');
    for (const person of truth.persons as unknown as JsonRecord[])
      sameRow(persons.get(person.id) as JsonRecord, person, target.store);
    const responses = byId('survey_responses');
    for (const response of truth.surveyResponses as unknown as JsonRecord[])
      sameRow(responses.get(response.id) as JsonRecord, response, target.store);

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
    const run = await sync(['--config', tapConfig, '--catalog', tapCatalog, '--state', state]);
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
    for (const [stream, keys] of Object.entries(expectedKeys(truth, { merges: true })))
      expect(keysOf(stream, table(stream)), stream).toEqual(expectedFor(keys, target.store));
    const tickets = byId('tickets');
    for (const change of changes.filter((c) => c.kind.startsWith('ticket'))) {
      sameRow(
        tickets.get(change.id) as JsonRecord,
        truth.ticket(change.id as number) as unknown as JsonRecord,
        target.store,
      );
    }
  });
});

/** Flattening (singer-sdk's rules) into the Meltano Hub default target-postgres, which keeps column names. */
describe('tap-movidesk with flattening | meltanolabs-target-postgres', PIPELINE, () => {
  let sim: Simulator;
  const dir = workdir();
  const env = { TAP_MOVIDESK_TIME_SCALE: TIME_SCALE };
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, tickets: 300, timeScale: Number(TIME_SCALE) });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('with flattening_enabled (depth 1): tickets and actions load flat, owner__id, createdBy__email, ... equal the truth, arrays as JSON text', async () => {
    const flatDb = freshDatabase();
    try {
      const flatConfig = writeJson(dir, 'tap-flat.json', {
        token: sim.token,
        base_url: sim.url,
        flattening_enabled: true,
        flattening_max_depth: 1,
      });
      const flatTarget = writeJson(dir, 'target-flat.json', {
        sqlalchemy_url: `postgresql+psycopg://${PG_USER}@127.0.0.1:5432/${flatDb.name}`,
        default_target_schema: 'movidesk',
      });
      // The catalog --discover prints (nested, as singer-sdk's), with tickets and their actions selected.
      const sample = JSON.parse(readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8')) as {
        streams: { stream: string }[];
      };
      const catalog = writeJson(dir, 'catalog-flat.json', {
        streams: sample.streams.filter((entry) => ['tickets', 'ticket_actions'].includes(entry.stream)),
      });
      const run = await pipeline(
        ['--config', flatConfig, '--catalog', catalog],
        [tool('target-postgres', 'target-postgres'), '--config', flatTarget],
        env,
      );
      expect(run.tapCode, run.tapErr.slice(-500)).toBe(0);
      expect(run.target.code, run.target.stderr.slice(-1000)).toBe(0);

      const columns = (table: string) =>
        sql(
          flatDb.name,
          `select json_agg(column_name) from information_schema.columns where table_schema = 'movidesk' and table_name = '${table}'`,
        ) as string[];
      const person = Object.keys(
        (
          JSON.parse(readFileSync(join(ROOT, 'schemas', 'shared', 'person.json'), 'utf8')) as {
            properties: object;
          }
        ).properties,
      );
      expect(columns('tickets')).toEqual(
        expect.arrayContaining([
          ...person.map((field) => `owner__${field}`),
          ...person.map((field) => `createdBy__${field}`),
          'id',
          'lastUpdate',
          'tags',
          'serviceFull',
        ]),
      );
      expect(
        columns('tickets').filter((column) =>
          ['owner', 'createdBy', 'slaSolutionChangedBy'].includes(column),
        ),
      ).toEqual([]);
      expect(columns('ticket_actions')).toEqual(
        expect.arrayContaining(['ticketId', 'id', 'createdBy__id', 'createdBy__email']),
      );
      expect(columns('ticket_actions')).not.toContain('createdBy');

      /** The columns a person object becomes, from the API's object: all null when it is null. */
      const flat = (prefix: string, object: unknown) =>
        Object.fromEntries(
          person.map((field) => [
            `${prefix}__${field}`,
            object === null ? null : ((object as JsonRecord)[field] ?? null),
          ]),
        );
      const truth = sim.truth();
      const expected = expectedKeys(truth);
      const tableKeysIn = (stream: string) => keysOf(stream, rows(flatDb.name, stream));
      expect(tableKeysIn('tickets')).toEqual(expectedFor(expected.tickets));
      expect(tableKeysIn('ticket_actions')).toEqual(expectedFor(expected.ticket_actions));

      const tickets = new Map(rows(flatDb.name, 'tickets').map((row) => [row.id, row]));
      let withOwner = 0;
      for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
        const row = tickets.get(ticket.id) as JsonRecord;
        expect(row, `ticket ${ticket.id}`).toMatchObject({
          ...flat('owner', ticket.owner),
          ...flat('createdBy', ticket.createdBy),
          ...flat('slaSolutionChangedBy', ticket.slaSolutionChangedBy),
          subject: ticket.subject,
        });
        expect(JSON.parse(row.tags as string), `ticket ${ticket.id} tags`).toEqual(ticket.tags);
        expect(JSON.parse(row.serviceFull as string), `ticket ${ticket.id} serviceFull`).toEqual(
          ticket.serviceFull,
        );
        if (ticket.owner) withOwner += 1;
      }
      expect(withOwner).toBeGreaterThan(0);
      const actions = new Map(
        rows(flatDb.name, 'ticket_actions').map((row) => [`${row.ticketId}/${row.id}`, row]),
      );
      for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
        for (const action of ticket.actions as JsonRecord[]) {
          const row = actions.get(`${ticket.id}/${action.id}`) as JsonRecord;
          expect(row, `action ${ticket.id}/${action.id}`).toMatchObject(flat('createdBy', action.createdBy));
          expect(JSON.parse(row.tags as string)).toEqual(action.tags);
        }
      }
    } finally {
      flatDb.drop();
    }
  });
});
