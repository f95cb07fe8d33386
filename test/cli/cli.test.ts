import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { main } from '../../src/cli.js';
import { PACKAGE } from '../../src/package.js';
import { STREAMS } from '../../src/streams/index.js';
import { fakeTicketsApi } from '../helpers/fake-api.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { memoryStream } from '../helpers/harness.js';
import { finished } from '../pipelines/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE_VERSION = PACKAGE.version;
const TOKEN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
// Loopback, so the CLI accepts plain http:// and TAP_MOVIDESK_TIME_SCALE; nock answers in place of a server.
const BASE = 'http://localhost/public/v1';
const dir = mkdtempSync(join(tmpdir(), 'tap-cli-'));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const code = await main(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { TAP_MOVIDESK_TIME_SCALE: '0.001', ...env },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const config = () => write('config.json', { token: TOKEN, base_url: BASE });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('golden output', () => {
  it('--discover prints exactly catalog.sample.json', async () => {
    const { code, stdout } = await run(['--config', config(), '--discover']);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8'));
  });

  it('--discover ignores --state, which Meltano passes along on every run after the first', async () => {
    const state = write('discover-state.json', { bookmarks: {} });
    const { code, stdout } = await run(['--config', config(), '--discover', '--state', state]);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8'));
  });

  it('--about --format json describes settings (token secret) and capabilities, without a config', async () => {
    const { code, stdout } = await run(['--about', '--format', 'json']);
    expect(code).toBe(0);
    const about = JSON.parse(stdout);
    expect(about.capabilities).toEqual([
      'catalog',
      'discover',
      'state',
      'test',
      'about',
      'schema-flattening',
    ]);
    expect(about.settings.properties.token).toMatchObject({ secret: true, writeOnly: true });
    expect(about.settings.required).toEqual(['token']);
  });

  it('--about --format markdown matches the golden file', async () => {
    const { stdout } = await run(['--about', '--format', 'markdown']);
    await expect(stdout).toMatchFileSnapshot('golden/about.md');
  });
});

describe('sync through the CLI', () => {
  const now = Date.now();
  const recent = [ticketFixture(1, apiTimestamp(now, 2)), ticketFixture(2, apiTimestamp(now, 3))];
  const past = [ticketFixture(-3, apiTimestamp(now, 400))];

  it('prints SCHEMA, RECORD and STATE lines only, and the last STATE feeds the next run', async () => {
    fakeTicketsApi(BASE, { recent, past, token: TOKEN });
    const first = await run(['--config', config()]);
    expect(first.code).toBe(0);
    const messages = first.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(new Set(messages.map((m) => m.type))).toEqual(
      new Set(['SCHEMA', 'RECORD', 'STATE', 'ACTIVATE_VERSION']),
    );
    expect(
      messages.filter((m) => m.type === 'RECORD' && m.stream === 'tickets').map((m) => m.record.id),
    ).toEqual([1, 2, -3]);
    const last = messages.at(-1);
    expect(last.type).toBe('STATE');
    const stateFile = write('state.json', last.value);
    nock.cleanAll();
    const api = fakeTicketsApi(BASE, { recent, past, token: TOKEN });
    const second = await run(['--config', config(), '--state', stateFile]);
    expect(second.code).toBe(0);
    expect(api.requests.map((r) => r.route)).toEqual(['/tickets']);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(TOKEN);
  });

  it('accepts --properties as the legacy name of --catalog', async () => {
    fakeTicketsApi(BASE, { recent, past, token: TOKEN });
    const catalog = write('properties.json', {
      streams: [
        { tap_stream_id: 'ticket_assets', metadata: [{ breadcrumb: [], metadata: { selected: true } }] },
      ],
    });
    const { code, stdout } = await run(['--config', config(), '--properties', catalog]);
    expect(code).toBe(0);
    expect(
      new Set(
        stdout
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).stream)
          .filter(Boolean),
      ),
    ).toEqual(new Set(['ticket_assets']));
  });

  it('fails a rejected token with one line, exit 1, and a valid (empty) stdout', async () => {
    fakeTicketsApi(BASE, { recent, past, token: 'the-real-one' });
    const { code, stdout, stderr } = await run(['--config', config()]);
    expect(code).toBe(1);
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('CRITICAL')),
    ).toEqual([
      expect.stringMatching(/CRITICAL the Movidesk token was rejected \(HTTP 401 on GET \/tickets\)/),
    ]);
    for (const line of stdout.trimEnd().split('\n').filter(Boolean))
      expect(['SCHEMA', 'STATE']).toContain(JSON.parse(line).type);
    expect(stderr).not.toContain(TOKEN);
  });
});

describe('bad input gets one line, exit 2 and no stack trace', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['no config at all', () => [], /no config: pass --config/],
    ['unknown flag', () => ['--config', config(), '--catalgo', 'x'], /Unknown argument: catalgo/],
    [
      'catalog and properties together',
      () => ['--config', config(), '--catalog', 'a', '--properties', 'b'],
      /mutually exclusive/,
    ],
    [
      'missing catalog file',
      () => ['--config', config(), '--catalog', join(dir, 'none.json')],
      /cannot read --catalog file/,
    ],
    [
      'catalog not JSON',
      () => ['--config', config(), '--catalog', write('bad-catalog.json', '{')],
      /--catalog file .* is not valid JSON/,
    ],
    [
      'catalog of the wrong shape',
      () => ['--config', config(), '--catalog', write('shape.json', { stream: [] })],
      /is not a Singer catalog/,
    ],
    [
      'catalog naming an unknown stream',
      () => [
        '--config',
        config(),
        '--catalog',
        write('unknown.json', { streams: [{ tap_stream_id: 'tikets' }] }),
      ],
      /names stream "tikets", which tap-movidesk does not have/,
    ],
    [
      'state not JSON',
      () => ['--config', config(), '--state', write('bad-state.json', 'nope')],
      /--state file .* is not valid JSON/,
    ],
    [
      'state bookmark in the future',
      () => [
        '--config',
        config(),
        '--state',
        write('future.json', { bookmarks: { tickets: { replication_key_value: '2999-01-01T00:00:00Z' } } }),
      ],
      /in the future/,
    ],
    ['bad log level', () => ['--config', config(), '--log-level', 'loud'], /Invalid values/],
    [
      'unknown command',
      () => ['sync', '--config', config()],
      /Unknown argument: sync; run tap-movidesk --help/,
    ],
    ...(['config', 'catalog', 'properties', 'state', 'format', 'log-level'].map((flag) => [
      `--${flag} without its value, last`,
      () => ['--discover', `--${flag}`],
      new RegExp(
        `^ERROR CRITICAL Not enough arguments following: ${flag}; run tap-movidesk --help for usage$`,
      ),
    ]) as [string, () => string[], RegExp][]),
    [
      '--config without its value, before another flag',
      () => ['--config', '--discover'],
      /Not enough arguments following: config; run tap-movidesk --help/,
    ],
    [
      '--test with an unknown mode',
      () => ['--config', config(), '--test=records'],
      /--test takes no value .* not "records"/,
    ],
    [
      '--test with --discover',
      () => ['--config', config(), '--test', '--discover'],
      /cannot be used together/,
    ],
  ];
  it.each(cases)('%s: exit 2', async (_name, args, message) => {
    const { code, stdout, stderr } = await run(args());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the installed bin', () => {
  it('runs from dist and flushes a large piped output completely', () => {
    const about = execFileSync('node', [join(ROOT, 'bin/tap-movidesk.js'), '--about', '--format', 'json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(about).name).toBe('tap-movidesk');
    const discover = spawnSync(
      'node',
      [join(ROOT, 'bin/tap-movidesk.js'), '--config', config(), '--discover'],
      { encoding: 'utf8' },
    );
    expect(discover.status).toBe(0);
    expect(discover.stdout).toBe(readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8'));
  });
});

describe('--help and --version print only their text and exit 0', () => {
  // A token in the environment (as the README suggests) and an API nobody answers: nothing may start.
  const env = { TAP_MOVIDESK_TOKEN: TOKEN, TAP_MOVIDESK_BASE_URL: 'http://127.0.0.1:9/public/v1' };

  it('tap-movidesk --help (in process): the usage, nothing on stderr, no sync', async () => {
    const { code, stdout, stderr } = await run(['--help'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^tap-movidesk --config CONFIG .*--test\[=schema\]/);
    expect(stdout).toMatch(/--help +Show help +\[boolean\]\n$/);
    expect(stderr).toBe('');
  });

  it('tap-movidesk --version (in process), even after other flags', async () => {
    const { code, stdout, stderr } = await run(['--config', config(), '--version'], env);
    expect(code).toBe(0);
    expect(stdout).toBe(`${PACKAGE_VERSION}\n`);
    expect(stderr).toBe('');
  });

  it.each([
    ['tap-movidesk', '--help', /^tap-movidesk --config CONFIG/],
    ['tap-movidesk', '--version', new RegExp(`^${PACKAGE_VERSION.replace(/\./g, '\\.')}\n$`)],
    ['source-movidesk', '--help', /^source-movidesk <command>\n\nCommands:\n/],
    ['source-movidesk', '--version', new RegExp(`^${PACKAGE_VERSION.replace(/\./g, '\\.')}\n$`)],
    ['source-movidesk', 'check --help', /^source-movidesk check\n\nCheck the config and the connection\n/],
  ])('the installed bin: %s %s', async (bin, args, expected) => {
    const result = await finished(
      spawn(process.execPath, [join(ROOT, 'bin', `${bin}.js`), ...args.split(' ')], {
        env: { ...process.env, ...env },
      }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(expected);
    expect(result.stdout).not.toContain('{"type"');
    expect(result.stderr).toBe('');
  });
});

describe('a base_url that is not Movidesk fails at once', () => {
  beforeAll(() => nock.enableNetConnect('127.0.0.1'));
  afterAll(() => nock.disableNetConnect());

  it('connection refused: exit 1, one line with the reason and the fix, no retry', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const base = `http://127.0.0.1:${port}/public/v1`;
    const { code, stdout, stderr } = await run([
      '--config',
      write('refused.json', { token: TOKEN, base_url: base }),
    ]);
    expect(code).toBe(1);
    expect(stderr).not.toContain('Retrying');
    expect(stderr.split('\n').filter((line) => line.includes('CRITICAL'))).toEqual([
      `ERROR CRITICAL cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED on GET /tickets); check base_url (now ${base})`,
    ]);
    for (const line of stdout.split('\n').filter(Boolean)) expect(JSON.parse(line).type).toBe('SCHEMA');
  });
});

describe('--test and --test=schema (singer-sdk test mode)', () => {
  let sim: Simulator;
  let simConfig: string;
  const messages = (stdout: string) =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; stream?: string; record?: unknown });
  const ROOT_ROUTES = [
    '/tickets',
    '/persons',
    '/survey/questions',
    '/survey/responses',
    '/timeAgreement',
    '/timeAgreementConsumption',
    '/services',
    '/activity',
  ];

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    sim = await startSimulator({ seed: 13, tickets: 300, timeScale: 0.001 });
    simConfig = write('sim.json', {
      token: sim.token,
      base_url: sim.url,
      start_date: '2000-01-01T00:00:00Z',
    });
  });
  afterAll(async () => {
    await sim.close();
    nock.disableNetConnect();
  });

  it('--test: one request per root stream, at most one record per stream, no STATE or ACTIVATE_VERSION, exit 0', async () => {
    sim.resetStats();
    const { code, stdout, stderr } = await run(['--config', simConfig, '--test'], {
      TAP_MOVIDESK_TIME_SCALE: '0.001',
    });
    expect(code, stderr).toBe(0);
    expect(sim.stats().byRoute).toEqual(Object.fromEntries(ROOT_ROUTES.map((route) => [route, 1])));
    const all = messages(stdout);
    expect(new Set(all.map((m) => m.type))).toEqual(new Set(['SCHEMA', 'RECORD']));
    const schemas = all.filter((m) => m.type === 'SCHEMA').map((m) => m.stream);
    const records = all.filter((m) => m.type === 'RECORD').map((m) => m.stream);
    // Without a catalog: every stream but the opt-in ticket_merges.
    expect(schemas).toEqual(STREAMS.filter((s) => s.name !== 'ticket_merges').map((s) => s.name));
    // At most one record per stream; most streams have rows in their root's first page.
    expect(new Set(records).size).toBe(records.length);
    expect(records.length).toBeGreaterThan(20);
    expect(schemas).toEqual(expect.arrayContaining(records));
    const empty = schemas.filter((stream) => !records.includes(stream));
    expect(stderr).toContain(
      `Test finished: 8 requests; a record from ${records.length} of 31 streams${empty.length ? ` (no rows in the first page for ${empty.join(', ')})` : ''}; no STATE emitted`,
    );
    expect(stdout + stderr).not.toContain(sim.token);
  });

  it('--test honours the catalog: only the selected streams, one page each', async () => {
    sim.resetStats();
    const catalog = write('test-catalog.json', {
      streams: ['services', 'ticket_actions'].map((id) => ({
        tap_stream_id: id,
        metadata: [{ breadcrumb: [], metadata: { selected: true } }],
      })),
    });
    const { code, stdout } = await run(['--config', simConfig, '--catalog', catalog, '--test']);
    expect(code).toBe(0);
    expect(sim.stats().byRoute).toEqual({ '/tickets': 1, '/services': 1 });
    expect(messages(stdout).map((m) => `${m.type} ${m.stream}`)).toEqual([
      'SCHEMA ticket_actions',
      'RECORD ticket_actions',
      'SCHEMA services',
      'RECORD services',
    ]);
  });

  it('--test=schema: the SCHEMA messages a sync emits, and no request', async () => {
    const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog.sample.json'), 'utf8'));
    // persons INCREMENTAL: its SCHEMA then carries a bookmark property.
    const persons = catalog.streams.find((s: { tap_stream_id: string }) => s.tap_stream_id === 'persons');
    persons.metadata.find((m: { breadcrumb: string[] }) => m.breadcrumb.length === 0).metadata[
      'replication-method'
    ] = 'INCREMENTAL';
    const catalogFile = write('schema-catalog.json', catalog);
    sim.resetStats();
    const schema = await run(['--config', simConfig, '--catalog', catalogFile, '--test=schema']);
    expect(schema.code).toBe(0);
    expect(sim.stats().totalRequests).toBe(0);
    expect(schema.stderr).toMatch(/Test finished: 31 SCHEMA messages, no request sent/);
    const synced = await run(['--config', simConfig, '--catalog', catalogFile, '--test']);
    const schemaLines = (stdout: string) =>
      stdout.split('\n').filter((line) => line.startsWith('{"type":"SCHEMA"'));
    expect(schema.stdout.split('\n').filter(Boolean)).toEqual(schemaLines(synced.stdout));
    expect(
      messages(schema.stdout).find((m) => m.stream === 'persons') as unknown as {
        bookmark_properties: string[];
      },
    ).toMatchObject({ bookmark_properties: ['changedDate'] });
  });

  it('--test ignores --state and says so', async () => {
    const state = write('test-state.json', {
      bookmarks: { services: { progress: { window_end: new Date().toISOString(), after: 999999 } } },
    });
    const catalog = write('services-catalog.json', {
      streams: [{ tap_stream_id: 'services', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }],
    });
    const { code, stdout, stderr } = await run([
      '--config',
      simConfig,
      '--catalog',
      catalog,
      '--state',
      state,
      '--test',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('--test ignores --state');
    expect(messages(stdout).filter((m) => m.type === 'RECORD')).toHaveLength(1);
  });
});
