import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { airbyteMain } from '../../src/airbyte-cli.js';
import { expectedKeys } from '../e2e/truth.js';
import { memoryStream } from '../helpers/harness.js';

const TIME_SCALE = 0.01;
const dir = mkdtempSync(join(tmpdir(), 'tap-airbyte-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages are checked field by field below.
type Message = any;

async function airbyte(args: string[]) {
  const stdout = memoryStream();
  const code = await airbyteMain(args, {
    stdout: stdout.stream,
    env: { TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) },
  });
  const lines = stdout.text().split('\n').filter(Boolean);
  return { code, messages: lines.map((line) => JSON.parse(line) as Message), lines };
}

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);

describe('spec', () => {
  it('is generated from the config schema, marks the token secret and passes the acceptance rules', async () => {
    const { code, messages } = await airbyte(['spec']);
    expect(code).toBe(0);
    expect(messages).toHaveLength(1);
    const spec = messages[0].spec.connectionSpecification;
    expect(spec.properties.token.airbyte_secret).toBe(true);
    expect(spec.required).toEqual(['token']);
    const text = JSON.stringify(spec);
    expect(text).not.toContain('"additionalProperties":false');
    expect(text).not.toContain('$ref');
    for (const property of Object.values<Message>(spec.properties)) {
      expect(
        typeof property.type === 'string' || (property.type.length === 2 && property.type[1] === 'null'),
      ).toBe(true);
    }
    expect(ajv.validate(spec, { token: 'x', start_date: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(ajv.validate(spec, { start_date: '2024-01-01T00:00:00Z' })).toBe(false);
  });
});

describe('command line', () => {
  it('--help and --version print only their text and exit 0, with a token in the environment', async () => {
    for (const [args, expected] of [
      [['--help'], /^source-movidesk <command>\n\nCommands:\n.*spec/s],
      [['check', '--help'], /^source-movidesk check\n\nCheck the config and the connection\n/],
      [['--version'], /^\d+\.\d+\.\d+\n$/],
    ] as const) {
      const stdout = memoryStream();
      const code = await airbyteMain([...args], {
        stdout: stdout.stream,
        env: { TAP_MOVIDESK_TOKEN: 'a-token-1234', TAP_MOVIDESK_BASE_URL: 'http://127.0.0.1:9/public/v1' },
      });
      expect(code).toBe(0);
      expect(stdout.text()).toMatch(expected);
      expect(stdout.text()).not.toContain('"type"');
    }
  });

  it.each([
    [['check', '--config'], 'Not enough arguments following: config'],
    [['discover', '--config'], 'Not enough arguments following: config'],
    [['read', '--config'], 'Not enough arguments following: config'],
    [['read', '--config', 'c.json', '--catalog'], 'Not enough arguments following: catalog'],
    [
      ['read', '--config', 'c.json', '--catalog', 'k.json', '--state'],
      'Not enough arguments following: state',
    ],
    [['spec', '--log-level'], 'Not enough arguments following: log-level'],
    [['check'], 'Missing required argument: config'],
    [[], 'name a command: spec, check, discover or read'],
    [['sync'], 'Unknown argument: sync'],
    [['spec', 'extra'], 'Unknown argument: extra'],
    [['check', '--config', 'c.json', '--catalog', 'k.json'], 'Unknown argument: catalog'],
  ])('%j: exit 2 and one TRACE config_error', async (args, reason) => {
    const { code, messages } = await airbyte(args);
    expect(code).toBe(2);
    expect(messages).toEqual([
      {
        type: 'TRACE',
        trace: {
          type: 'ERROR',
          emitted_at: expect.any(Number),
          error: { message: `${reason}; run source-movidesk --help`, failure_type: 'config_error' },
        },
      },
    ]);
  });
});

describe('against the simulator', () => {
  let sim: Simulator;
  let config: string;
  let discovered: Message;
  const configured = (streams: string[], mode: 'full_refresh' | 'incremental' = 'full_refresh') => ({
    streams: discovered.catalog.streams
      .filter((s: Message) => streams.includes(s.name))
      .map((s: Message) => ({
        stream: s,
        sync_mode:
          mode === 'incremental' && s.supported_sync_modes.includes('incremental')
            ? 'incremental'
            : 'full_refresh',
        destination_sync_mode: 'append_dedup',
        ...(s.default_cursor_field ? { cursor_field: s.default_cursor_field } : {}),
        primary_key: s.source_defined_primary_key,
      })),
  });
  const records = (messages: Message[], stream?: string) =>
    messages
      .filter((m) => m.type === 'RECORD' && (!stream || m.record.stream === stream))
      .map((m) => m.record);
  const ticketIds = (rows: Message[]) => rows.map((r) => r.data.id as number).sort((a, b) => a - b);
  /** Ids of the simulator's tickets whose lastUpdate is at or after `ms` (the API's stamps are UTC). */
  const ticketIdsSince = (ms: number) =>
    sim
      .truth()
      .ticketIndex.filter((t) => Date.parse(`${t.lastUpdate.slice(0, 23)}Z`) >= ms)
      .map((t) => t.id)
      .sort((a, b) => a - b);
  const pk = (stream: string, data: Message) =>
    JSON.stringify(
      discovered.catalog.streams
        .find((s: Message) => s.name === stream)
        .source_defined_primary_key.map(([k]: string[]) => data[k as string]),
    );

  beforeAll(async () => {
    // Every discovered stream is configured, ticket_merges too: an account that takes long merge windows
    // keeps its full history to a few requests (7-day windows are walked in test/e2e/ticket-merges.test.ts).
    sim = await startSimulator({
      seed: 5,
      tickets: 300,
      timeScale: TIME_SCALE,
      merges: { maxWindowDays: 0 },
    });
    config = file('config.json', { token: sim.token, base_url: sim.url, lookback_minutes: 0 });
    discovered = (await airbyte(['discover', '--config', config])).messages[0];
  });
  afterAll(async () => {
    await sim.close();
  });

  it('check succeeds with one request, and fails (exit 0) for a bad token or an unreachable base_url', async () => {
    sim.resetStats();
    const ok = await airbyte(['check', '--config', config]);
    expect(ok.messages.filter((m) => m.type === 'CONNECTION_STATUS')).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ]);
    expect(sim.stats().totalRequests).toBe(1);
    const bad = await airbyte([
      'check',
      '--config',
      file('bad.json', { token: 'wrong-token-123', base_url: sim.url }),
    ]);
    expect(bad.code).toBe(0);
    expect(bad.messages.at(-1).connectionStatus).toMatchObject({
      status: 'FAILED',
      message: expect.stringContaining('token was rejected'),
    });
    expect(bad.lines.join('\n')).not.toContain('wrong-token-123');
    const down = await airbyte([
      'check',
      '--config',
      file('down.json', { token: 'x', base_url: 'http://127.0.0.1:9/public/v1', request_timeout_seconds: 2 }),
    ]);
    expect(down.code).toBe(0);
    expect(down.messages.filter((m) => m.type === 'CONNECTION_STATUS')).toEqual([
      {
        type: 'CONNECTION_STATUS',
        connectionStatus: {
          status: 'FAILED',
          message:
            'cannot use http://127.0.0.1:9/public/v1: cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED on GET /services); check base_url (now http://127.0.0.1:9/public/v1)',
        },
      },
    ]);
    // Not retried: no "Retrying" log before the verdict.
    expect(down.messages.filter((m) => m.type === 'LOG' && /Retrying/.test(m.log.message))).toEqual([]);
  });

  it('discover: one catalog, valid schemas, primary keys and cursors present in them', () => {
    const streams = discovered.catalog.streams;
    expect(new Set(streams.map((s: Message) => s.name)).size).toBe(streams.length);
    for (const stream of streams) {
      expect(() => ajv.compile(stream.json_schema)).not.toThrow();
      expect(stream.supported_sync_modes.length).toBeGreaterThan(0);
      for (const [key] of stream.source_defined_primary_key)
        expect(stream.json_schema.properties[key], `${stream.name}.${key}`).toBeDefined();
      if (stream.source_defined_cursor)
        expect(stream.json_schema.properties[stream.default_cursor_field[0]]).toBeDefined();
    }
    expect(streams.find((s: Message) => s.name === 'tickets')).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'],
      default_cursor_field: ['lastUpdate'],
    });
    expect(streams.find((s: Message) => s.name === 'services').supported_sync_modes).toEqual([
      'full_refresh',
    ]);
  });

  it('basic read: records for every stream with data, conforming to their schemas, with statuses and per-stream states', async () => {
    const all = discovered.catalog.streams.map((s: Message) => s.name);
    const { code, messages } = await airbyte([
      'read',
      '--config',
      config,
      '--catalog',
      file('all.json', configured(all)),
    ]);
    expect(code).toBe(0);
    const validators = new Map(
      discovered.catalog.streams.map((s: Message) => [s.name, ajv.compile(s.json_schema)]),
    );
    for (const record of records(messages)) {
      expect(Number.isInteger(record.emitted_at)).toBe(true);
      expect((validators.get(record.stream) as (d: unknown) => boolean)(record.data), record.stream).toBe(
        true,
      );
    }
    // Every stream the simulator holds rows for has records, as many as it holds (merges included: every
    // discovered stream is configured).
    const expected = expectedKeys(sim.truth(), { merges: true });
    const perStream = (stream: string) => records(messages, stream).length;
    expect(Object.fromEntries(all.map((stream: string) => [stream, perStream(stream)]))).toEqual(
      Object.fromEntries(all.map((stream: string) => [stream, expected[stream]?.length ?? 0])),
    );
    for (const stream of all) {
      const statuses = messages
        .filter((m) => m.type === 'TRACE' && m.trace.stream_status?.stream_descriptor.name === stream)
        .map((m) => m.trace.stream_status.status);
      expect(statuses, stream).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    }
    const states = messages.filter((m) => m.type === 'STATE');
    for (const state of states) {
      expect(state.state.type).toBe('STREAM');
      expect(all).toContain(state.state.stream.stream_descriptor.name);
      expect(typeof state.state.sourceStats.recordCount).toBe('number');
    }
    // Each stream has states, and their recordCount adds up to that stream's records.
    for (const stream of all) {
      const own = states.filter((s: Message) => s.state.stream.stream_descriptor.name === stream);
      expect(own.length, stream).toBeGreaterThan(0);
      const counted = own.reduce((sum: number, s: Message) => sum + s.state.sourceStats.recordCount, 0);
      expect(counted, stream).toBe(perStream(stream));
    }
    expect(messages.every((m) => ['RECORD', 'STATE', 'LOG', 'TRACE'].includes(m.type))).toBe(true);
  });

  it('full refresh twice gives the same records', async () => {
    const catalog = file('fr.json', configured(['tickets', 'ticket_actions', 'persons', 'services']));
    const first = await airbyte(['read', '--config', config, '--catalog', catalog]);
    const second = await airbyte(['read', '--config', config, '--catalog', catalog]);
    const keys = (ms: Message[]) =>
      records(ms)
        .map((r) => `${r.stream}:${pk(r.stream, r.data)}`)
        .sort();
    expect(keys(second.messages)).toEqual(keys(first.messages));
    expect(Math.min(...records(second.messages).map((r) => r.emitted_at))).toBeGreaterThanOrEqual(
      Math.max(...records(first.messages).map((r) => r.emitted_at)),
    );
  });

  it('incremental: monotonic states, nothing older than the state on the next read, and a resume from any state loses nothing', async () => {
    const catalog = file(
      'inc.json',
      configured(['tickets', 'ticket_actions', 'survey_responses'], 'incremental'),
    );
    const first = await airbyte(['read', '--config', config, '--catalog', catalog]);
    const ticketStates = first.messages.filter(
      (m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === 'tickets',
    );
    const cursors = ticketStates.map((m) => m.state.stream.stream_state.lastUpdate).filter(Boolean);
    expect([...cursors].sort()).toEqual(cursors);
    // Resume from intermediate states of the first read (ticket pages): what was emitted before the state
    // plus what the resumed read emits covers everything the first read emitted.
    const all = new Set(records(first.messages, 'tickets').map((r) => r.data.id));
    const indexes = first.messages
      .map((m, i) => (m.type === 'STATE' && m.state.stream.stream_descriptor.name === 'tickets' ? i : -1))
      .filter((i) => i >= 0);
    for (const index of indexes.slice(0, -1).filter((_, i) => i % 2 === 0)) {
      const before = new Set(records(first.messages.slice(0, index), 'tickets').map((r) => r.data.id));
      const resumed = await airbyte([
        'read',
        '--config',
        config,
        '--catalog',
        catalog,
        '--state',
        file(`resume-${index}.json`, [first.messages[index].state]),
      ]);
      const after = new Set(records(resumed.messages, 'tickets').map((r) => r.data.id));
      for (const id of all)
        expect(before.has(id) || after.has(id), `ticket ${id} after state #${index}`).toBe(true);
    }

    // Each stream's latest state, as the platform assembles it.
    const latest = new Map<string, Message>();
    for (const m of first.messages.filter((x) => x.type === 'STATE'))
      latest.set(m.state.stream.stream_descriptor.name, m.state);
    const statePath = file('state.json', [...latest.values()]);
    sim.churn(10);
    const second = await airbyte(['read', '--config', config, '--catalog', catalog, '--state', statePath]);
    const threshold = latest.get('tickets').stream.stream_state.lastUpdate;
    // Exactly the tickets changed since the state (look-back 0): the churned ones.
    const changedSince = ticketIdsSince(Date.parse(threshold));
    expect(changedSince.length).toBeGreaterThan(0);
    expect(ticketIds(records(second.messages, 'tickets'))).toEqual(changedSince);
  });

  it('an unknown stream is a config_error TRACE and exit 2 (bad input)', async () => {
    const unknown = await airbyte([
      'read',
      '--config',
      config,
      '--catalog',
      file('unknown.json', {
        streams: [
          {
            stream: { name: '__AIRBYTE__stream_that_does_not_exist', json_schema: {} },
            sync_mode: 'INVALID',
            destination_sync_mode: 'overwrite',
          },
        ],
      }),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.messages.filter((m) => m.type === 'TRACE' && m.trace.type === 'ERROR')).toHaveLength(1);
    expect(unknown.messages.at(-1).trace.error).toMatchObject({
      failure_type: 'config_error',
      message: expect.stringContaining('__AIRBYTE__stream_that_does_not_exist'),
    });
  });

  it('a full_refresh-only stream asked for incremental (as PyAirbyte asks) is read in full, with one log line, ignoring a stale bookmark', async () => {
    const services = discovered.catalog.streams.find((s: Message) => s.name === 'services');
    const full = await airbyte([
      'read',
      '--config',
      config,
      '--catalog',
      file('services-fr.json', configured(['services'])),
    ]);
    expect(full.code).toBe(0);
    // The first state of a full read is taken after the first page: resumed, it would skip that page.
    const midway = full.messages.find((m) => m.type === 'STATE');
    expect(midway.state.stream.stream_state.bookmark.progress).toMatchObject({ route: '/services' });
    const incremental = await airbyte([
      'read',
      '--config',
      config,
      '--catalog',
      file('mode.json', {
        streams: [{ stream: services, sync_mode: 'incremental', destination_sync_mode: 'append' }],
      }),
      '--state',
      file('services-state.json', [midway.state]),
    ]);
    expect(incremental.code).toBe(0);
    const keys = (ms: Message[]) =>
      records(ms, 'services')
        .map((r) => pk('services', r.data))
        .sort();
    expect(keys(full.messages).length).toBeGreaterThan(0);
    expect(keys(incremental.messages)).toEqual(keys(full.messages));
    expect(
      incremental.messages.filter((m) => m.type === 'LOG' && m.log.message.includes('full_refresh')),
    ).toEqual([
      {
        type: 'LOG',
        log: {
          level: 'INFO',
          message:
            'stream "services" supports only full_refresh: reading it in full (the catalog asks for incremental)',
        },
      },
    ]);
  });

  it('accepts the legacy state object', async () => {
    const catalog = file('legacy.json', configured(['tickets'], 'incremental'));
    const since = sim.now() - 30 * 86_400_000;
    const legacy = file('legacy-state.json', {
      bookmarks: {
        tickets: { replication_key: 'lastUpdate', replication_key_value: new Date(since).toISOString() },
      },
    });
    const { code, messages } = await airbyte([
      'read',
      '--config',
      config,
      '--catalog',
      catalog,
      '--state',
      legacy,
    ]);
    expect(code).toBe(0);
    // Exactly the tickets changed in the last 30 days, not the whole account.
    const expected = ticketIdsSince(since);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(sim.truth().ticketIndex.length);
    expect(ticketIds(records(messages, 'tickets'))).toEqual(expected);
  });
});
