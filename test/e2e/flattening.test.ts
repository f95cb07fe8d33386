import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { airbyteMain } from '../../src/airbyte-cli.js';
import { main } from '../../src/cli.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { memoryStream } from '../helpers/harness.js';
import { keysByStream, type Message, runTap as run, sorted, writeFile } from './run-tap.js';
import { expectedKeys } from './truth.js';

const TIME_SCALE = 0.01;
const ROOT = join(import.meta.dirname, '..', '..');
const FLAT = { flattening_enabled: true, flattening_max_depth: 1 };
/** The fields of an embedded person, read from the schema file (not through the tap's code). */
const PERSON_FIELDS = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'schemas', 'shared', 'person.json'), 'utf8')) as { properties: object })
    .properties,
);

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);

/** Every RECORD validates against the last SCHEMA of its stream. */
function expectRecordsFitSchemas(messages: Message[]): void {
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const m of messages) {
    if (m.type === 'SCHEMA') validators.set(m.stream as string, ajv.compile(m.schema as object));
    if (m.type !== 'RECORD') continue;
    const validate = validators.get(m.stream as string);
    expect(validate?.(m.record), `${m.stream} ${JSON.stringify(validate?.errors)}`).toBe(true);
  }
}

/** The columns a nested person becomes, from the API's object (null object: every column null). */
function personColumns(prefix: string, person: unknown): JsonRecord {
  const columns: JsonRecord = {};
  for (const field of PERSON_FIELDS) {
    if (person === null) columns[`${prefix}__${field}`] = null;
    else if (field in (person as JsonRecord)) columns[`${prefix}__${field}`] = (person as JsonRecord)[field];
  }
  return columns;
}

const records = (messages: Message[], stream: string) =>
  messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record as JsonRecord);

describe('flattening against the simulator (Singer)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, tickets: 60, timeScale: TIME_SCALE });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('flattening_max_depth 1: owner and createdBy become columns, arrays JSON strings; every stream and key as without flattening', async () => {
    const flat = await run(sim, TIME_SCALE, [], FLAT);
    expect(flat.code, flat.stderr.slice(-500)).toBe(0);
    const truth = sim.truth();

    // Child streams are still their own streams, with the same rows and keys.
    const emitted = keysByStream(flat.messages);
    for (const [stream, keys] of Object.entries(expectedKeys(truth)))
      expect(sorted(emitted[stream]), stream).toEqual(sorted(keys));

    const schema = flat.messages.find((m) => m.type === 'SCHEMA' && m.stream === 'tickets') as Message;
    expect(schema.key_properties).toEqual(['id']);
    expect(schema.bookmark_properties).toEqual(['lastUpdate']);
    const columns = Object.keys(schema.schema?.properties as object);
    expect(columns).toEqual(expect.arrayContaining(['owner__id', 'owner__businessName', 'createdBy__email']));
    expect(columns).not.toContain('owner');
    expect(schema.schema?.properties).toMatchObject({ tags: { type: ['string', 'null'] } });

    const tickets = new Map(records(flat.messages, 'tickets').map((record) => [record.id, record]));
    const nested = { owner: 1, createdBy: 1, slaSolutionChangedBy: 1 };
    let nullObjects = 0;
    for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
      const record = tickets.get(ticket.id) as JsonRecord;
      expect(record, `ticket ${ticket.id}`).toMatchObject({
        ...personColumns('owner', ticket.owner),
        ...personColumns('createdBy', ticket.createdBy),
        ...personColumns('slaSolutionChangedBy', ticket.slaSolutionChangedBy),
        tags: JSON.stringify(ticket.tags),
      });
      expect(Object.keys(record).filter((key) => !key.includes('__') && key in nested)).toEqual([]);
      if (ticket.slaSolutionChangedBy === null) nullObjects += 1;
    }
    // Both cases were seen: an SLA change by someone, and none (null: every column null).
    expect(nullObjects).toBeGreaterThan(0);
    expect(nullObjects).toBeLessThan(tickets.size);

    // A child stream's own nested object is flattened in its own records.
    const actions = records(flat.messages, 'ticket_actions');
    const action = actions.find((record) => record.createdBy__id !== null) as JsonRecord;
    const source = (
      truth.ticket(action.ticketId as number) as unknown as { actions: JsonRecord[] }
    ).actions.find((candidate) => candidate.id === action.id) as JsonRecord;
    expect(action).toMatchObject(personColumns('createdBy', source.createdBy));
    expect(action).not.toHaveProperty('createdBy');

    expectRecordsFitSchemas(flat.messages);
    const state = flat.messages.filter((m) => m.type === 'STATE').at(-1)?.value;
    expect(state).toMatchObject({ bookmarks: { tickets: { replication_key: 'lastUpdate' } } });
  });

  it('--discover keeps the nested catalog, as singer-sdk does; fields are selected by top-level property', async () => {
    const stdout = memoryStream();
    const code = await main(
      ['--config', writeFile('config.json', { token: sim.token, ...FLAT }), '--discover'],
      {
        stdout: stdout.stream,
        stderr: memoryStream().stream,
        env: {},
      },
    );
    expect(code).toBe(0);
    const sample = readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8');
    expect(stdout.text()).toBe(sample);
    const catalog = JSON.parse(sample);

    // Deselecting owner in that catalog removes every owner__ column; createdBy stays.
    const entry = catalog.streams.find((stream: { stream: string }) => stream.stream === 'tickets');
    for (const item of entry.metadata)
      if (item.breadcrumb.join('/') === 'properties/owner') item.metadata.selected = false;
    const only = writeFile('catalog.json', { streams: [entry] });
    const sync = await run(sim, TIME_SCALE, ['--catalog', only], FLAT);
    expect(sync.code).toBe(0);
    const schema = sync.messages.find((m) => m.type === 'SCHEMA') as Message;
    const columns = Object.keys(schema.schema?.properties as object);
    expect(columns.filter((column) => column.startsWith('owner'))).toEqual(['ownerTeam']);
    expect(columns).toContain('createdBy__id');
    for (const record of records(sync.messages, 'tickets'))
      expect(Object.keys(record).filter((key) => key.startsWith('owner__'))).toEqual([]);
  });

  it('--test=schema prints the flattened SCHEMA messages, without a request', async () => {
    sim.resetStats();
    const test = await run(sim, TIME_SCALE, ['--test=schema'], FLAT);
    expect(test.code).toBe(0);
    const actions = test.messages.find((m) => m.stream === 'ticket_actions') as Message;
    expect(Object.keys(actions.schema?.properties as object)).toContain('createdBy__businessName');
    expect(sim.stats().totalRequests).toBe(0);
  });

  it('flattening_enabled without flattening_max_depth: one CRITICAL line and exit 2, for --discover and a sync', async () => {
    for (const extra of [['--discover'], []]) {
      const result = await run(sim, TIME_SCALE, extra, { flattening_enabled: true });
      expect(result.code).toBe(2);
      expect(result.messages).toEqual([]);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^ERROR CRITICAL config from .*config\.json has no "flattening_max_depth", which is required when flattening_enabled is true; set it in the file or as TAP_MOVIDESK_FLATTENING_MAX_DEPTH$/,
        ),
      ]);
    }
  });
});

describe('flattening against the simulator (Airbyte)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 12, tickets: 40, timeScale: TIME_SCALE });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function source(argv: string[], config: Record<string, unknown>) {
    const path = writeFile('config.json', { token: sim.token, base_url: sim.url, ...config });
    const stdout = memoryStream();
    const code = await airbyteMain([...argv, '--config', path], {
      stdout: stdout.stream,
      env: { TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) },
    });
    const messages = stdout
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Message);
    return { code, messages };
  }

  it('discover carries the flattened json_schema; read emits exactly the columns the configured catalog kept', async () => {
    const discover = await source(['discover'], FLAT);
    expect(discover.code).toBe(0);
    const streams = (discover.messages[0] as unknown as { catalog: { streams: Message[] } }).catalog.streams;
    const tickets = streams.find((stream) => stream.name === 'tickets') as Message;
    const properties = (tickets.json_schema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['owner__id', 'createdBy__businessName']));
    expect(properties).not.toHaveProperty('owner');
    expect(tickets.source_defined_primary_key).toEqual([['id']]);
    expect(tickets.default_cursor_field).toEqual(['lastUpdate']);

    const kept = ['id', 'lastUpdate', 'subject', 'owner__id', 'owner__businessName', 'tags'];
    const configured = writeFile('configured.json', {
      streams: [
        {
          stream: {
            ...tickets,
            json_schema: {
              ...(tickets.json_schema as object),
              properties: Object.fromEntries(kept.map((k) => [k, properties[k]])),
            },
          },
          sync_mode: 'incremental',
          cursor_field: ['lastUpdate'],
          destination_sync_mode: 'append_dedup',
        },
        {
          stream: streams.find((stream) => stream.name === 'ticket_actions'),
          sync_mode: 'incremental',
          destination_sync_mode: 'append_dedup',
        },
      ],
    });
    const read = await source(['read', '--catalog', configured], FLAT);
    expect(read.code).toBe(0);
    const emitted = read.messages
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record as { stream: string; data: JsonRecord });
    const truth = sim.truth();
    const byId = new Map(emitted.filter((r) => r.stream === 'tickets').map((r) => [r.data.id, r.data]));
    expect(byId.size).toBe(truth.ticketIndex.length);
    for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
      const owner = ticket.owner as JsonRecord | null;
      expect(byId.get(ticket.id)).toEqual({
        id: ticket.id,
        lastUpdate: expect.any(String),
        subject: ticket.subject,
        owner__id: owner === null ? null : owner.id,
        owner__businessName: owner === null ? null : owner.businessName,
        tags: JSON.stringify(ticket.tags),
      });
    }
    const validate = ajv.compile(
      streams.find((stream) => stream.name === 'ticket_actions')?.json_schema as object,
    );
    const actions = emitted.filter((r) => r.stream === 'ticket_actions');
    expect(actions.length).toBe(expectedKeys(truth).ticket_actions?.length);
    for (const action of actions) {
      expect(validate(action.data), JSON.stringify(validate.errors)).toBe(true);
      expect(action.data).not.toHaveProperty('createdBy');
    }
    expect(actions.some((action) => typeof action.data.createdBy__id === 'string')).toBe(true);
  });

  it('flattening_enabled without flattening_max_depth: one TRACE error (config_error) and exit 2', async () => {
    const discover = await source(['discover'], { flattening_enabled: true });
    expect(discover.code).toBe(2);
    expect(discover.messages).toHaveLength(1);
    expect(discover.messages[0]).toMatchObject({
      type: 'TRACE',
      trace: {
        error: {
          failure_type: 'config_error',
          message: expect.stringMatching(
            /has no "flattening_max_depth", which is required when flattening_enabled is true/,
          ),
        },
      },
    });
  });
});

describe('flattening off', () => {
  it('SCHEMA messages are as before: nested objects, no __ column anywhere', async () => {
    const stdout = memoryStream();
    const stderr = memoryStream();
    const config = writeFile('plain.json', { token: 'x' });
    const code = await main(['--config', config, '--test=schema'], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain('"owner":{');
    expect(stdout.text()).not.toContain('__');
  });
});
