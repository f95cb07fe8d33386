import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { fakeTicketsApi } from '../helpers/fake-api.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { memoryStream } from '../helpers/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const BASE = 'http://movidesk.cli.test/public/v1';
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
    expect(about.capabilities).toEqual(['catalog', 'discover', 'state', 'about']);
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
    ['flag without its value', () => ['--config'], /Not enough arguments following: config/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
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
