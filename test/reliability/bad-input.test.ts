import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { parseState } from '../../src/engine/state.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { memoryStream } from '../helpers/harness.js';
import { recordOutcome } from './report.js';

const TOKEN = 'zz-SECRET-9f8e7d6c-5b4a-4321-9abc-def012345678';
// Loopback, so the CLI accepts plain http:// and TAP_MOVIDESK_TIME_SCALE; nock answers in place of a server.
const BASE = 'http://localhost/public/v1';
const dir = mkdtempSync(join(tmpdir(), 'tap-bad-input-'));
let counter = 0;
const file = (content: unknown) => {
  const path = join(dir, `f${counter++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const config = (extra: Record<string, unknown> = {}) => file({ token: TOKEN, base_url: BASE, ...extra });
const ticketsOnly = () =>
  file({
    streams: [{ tap_stream_id: 'tickets', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }],
  });

interface Case {
  name: string;
  args: () => string[];
  env?: NodeJS.ProcessEnv;
  /** Answers of GET /tickets, in order; the last one repeats. */
  api?: [number, string][];
  error: RegExp;
  /**
   * `run`: the run cannot start or go on (one CRITICAL line); `stream`: only the stream fails, the
   * run goes on and its summary names it (one FAILED line). Default: run.
   */
  ends?: 'run' | 'stream';
  /** Expected exit code; default 2 (bad input) when the run ends, 1 when a stream fails. */
  exit?: number;
}

const now = Date.now();
const goodPage = JSON.stringify([
  ticketFixture(1, apiTimestamp(now, 1)),
  ticketFixture(2, apiTimestamp(now, 2)),
]);
const withTicket = (patch: Record<string, unknown>) =>
  JSON.stringify([{ ...ticketFixture(3, apiTimestamp(now, 1)), ...patch }]);
const api = (...bad: [number, string][]): [number, string][] => [[200, goodPage], ...bad];
const sync = () => ['--config', config(), '--catalog', ticketsOnly()];

const cases: Case[] = [
  // Config: file, values, environment.
  { name: 'no config at all', args: () => [], error: /no config: pass --config config\.json/ },
  {
    name: 'config file missing',
    args: () => ['--config', join(dir, 'nope.json')],
    error: /cannot read config file .*nope\.json \(ENOENT\)/,
  },
  { name: 'config file empty', args: () => ['--config', file('')], error: /config file .* is empty/ },
  {
    name: 'config not JSON',
    args: () => ['--config', file('{"token": ')],
    error: /config file .* is not valid JSON/,
  },
  { name: 'config is an array', args: () => ['--config', file([])], error: /must hold a JSON object/ },
  {
    name: 'config without token',
    args: () => ['--config', file({ base_url: BASE })],
    error: /has no "token"; set it in the file or as TAP_MOVIDESK_TOKEN/,
  },
  {
    name: 'empty token',
    args: () => ['--config', file({ token: '' })],
    error: /"token" .* must NOT have fewer than 1 characters/,
  },
  {
    name: 'start_date not RFC 3339',
    args: () => ['--config', config({ start_date: '01/02/2024' })],
    error: /"start_date" .* is not a valid date-time/,
  },
  {
    name: 'negative page size',
    args: () => ['--config', config({ page_size: -5 })],
    error: /"page_size" .* must be >= 1/,
  },
  {
    name: 'page size as text',
    args: () => ['--config', config({ page_size: 'cem' })],
    error: /"page_size" .* must be integer/,
  },
  {
    name: 'unknown setting',
    args: () => ['--config', config({ tokn: 'x' })],
    error: /unknown setting "tokn"/,
  },
  {
    name: 'base_url not http',
    args: () => ['--config', config({ base_url: 'ftp://x' })],
    error: /"base_url"/,
  },
  {
    name: 'zero requests per minute',
    args: () => ['--config', config({ requests_per_minute: 0 })],
    error: /"requests_per_minute" .* must be >= 1/,
  },
  {
    name: 'environment number not a number',
    args: () => ['--config', config()],
    env: { TAP_MOVIDESK_LOOKBACK_MINUTES: 'ten' },
    error: /TAP_MOVIDESK_LOOKBACK_MINUTES is "ten", expected a number/,
  },
  {
    name: 'environment boolean not a boolean',
    args: () => ['--config', config()],
    env: { TAP_MOVIDESK_INCLUDE_DELETED_ITEMS: 'maybe' },
    error: /TAP_MOVIDESK_INCLUDE_DELETED_ITEMS is "maybe", expected true or false/,
  },
  // Catalog.
  {
    name: 'catalog missing',
    args: () => ['--config', config(), '--catalog', join(dir, 'none.json')],
    error: /cannot read --catalog file/,
  },
  {
    name: 'catalog not JSON',
    args: () => ['--config', config(), '--catalog', file('[{')],
    error: /--catalog file .* is not valid JSON/,
  },
  {
    name: 'catalog without streams',
    args: () => ['--config', config(), '--catalog', file({ stream: [] })],
    error: /is not a Singer catalog/,
  },
  {
    name: 'catalog entry without id',
    args: () => ['--config', config(), '--catalog', file({ streams: [{ schema: {} }] })],
    error: /streams\[0\] has no tap_stream_id/,
  },
  {
    name: 'catalog naming an unknown stream',
    args: () => ['--config', config(), '--catalog', file({ streams: [{ tap_stream_id: 'tikets' }] })],
    error: /names stream "tikets", which tap-movidesk does not have/,
  },
  {
    name: 'catalog metadata not a list',
    args: () => [
      '--config',
      config(),
      '--catalog',
      file({ streams: [{ tap_stream_id: 'tickets', metadata: {} }] }),
    ],
    error: /"metadata" that is not an array/,
  },
  {
    name: 'catalog asking an impossible replication method',
    args: () => [
      '--config',
      config(),
      '--catalog',
      file({
        streams: [
          {
            tap_stream_id: 'services',
            metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'INCREMENTAL' } }],
          },
        ],
      }),
    ],
    error: /stream "services" cannot be replicated INCREMENTAL/,
  },
  // State.
  {
    name: 'state missing',
    args: () => ['--config', config(), '--state', join(dir, 'no-state.json')],
    error: /cannot read --state file/,
  },
  {
    name: 'state not JSON',
    args: () => ['--config', config(), '--state', file('{bookmarks')],
    error: /--state file .* is not valid JSON/,
  },
  {
    name: 'state of the wrong shape',
    args: () => ['--config', config(), '--state', file([1, 2])],
    error: /is not a state object/,
  },
  {
    name: 'bookmarks not an object',
    args: () => ['--config', config(), '--state', file({ bookmarks: 'x' })],
    error: /"bookmarks" must be an object/,
  },
  {
    name: 'bookmark in the future',
    args: () => [
      '--config',
      config(),
      '--state',
      file({ bookmarks: { tickets: { replication_key_value: '2999-01-01T00:00:00Z' } } }),
    ],
    error: /is in the future/,
  },
  {
    name: 'bookmark unparsable',
    args: () => [
      '--config',
      config(),
      '--state',
      file({ bookmarks: { tickets: { replication_key_value: 'ontem' } } }),
    ],
    error: /not an RFC 3339 timestamp/,
  },
  {
    name: 'progress malformed',
    args: () => [
      '--config',
      config(),
      '--state',
      file({ bookmarks: { tickets: { progress: { route: 1 } } } }),
    ],
    error: /progress of stream "tickets" is malformed/,
  },
  // Command line.
  {
    name: 'unknown flag',
    args: () => ['--config', config(), '--verbose'],
    error: /Unknown argument: verbose/,
  },
  {
    name: 'catalog and properties together',
    args: () => ['--config', config(), '--catalog', 'a', '--properties', 'b'],
    error: /mutually exclusive/,
  },
  {
    name: 'bad log level',
    args: () => ['--config', config(), '--log-level', 'loud'],
    error: /Invalid values: Argument: log-level, Given: "loud"/,
  },
  {
    name: 'bad about format',
    args: () => ['--about', '--format', 'yaml'],
    error: /Invalid values: Argument: format, Given: "yaml"/,
  },
  {
    name: 'flag without its value',
    args: () => ['--config'],
    error: /Not enough arguments following: config/,
  },
  // API answers.
  {
    name: 'API answers HTML with 200',
    args: sync,
    api: api([200, '<html><body>Manutenção</body></html>']),
    error: /body that is not JSON \(Manutenção\)/,
    ends: 'stream',
  },
  {
    name: 'API answer truncated',
    args: sync,
    api: api([200, '[{"id": 3, "subject": "corta']),
    error: /body that is not JSON/,
    ends: 'stream',
  },
  {
    name: 'API error page, every time',
    args: sync,
    api: api([500, '<html><title>Runtime Error</title></html>']),
    error: /did not answer GET \/tickets after 8 retries: HTTP 500/,
    ends: 'stream',
  },
  {
    name: 'API answers an object instead of rows',
    args: sync,
    api: api([200, '{"value": []}']),
    error: /answered GET \/tickets with an object with keys value instead of a JSON array/,
    ends: 'stream',
  },
  {
    name: 'API row without a numeric id',
    args: sync,
    api: api([200, JSON.stringify([{ id: 'abc', lastUpdate: '2024-01-01T00:00:00' }])]),
    error: /row whose id is "abc", expected an integer/,
    ends: 'stream',
  },
  {
    name: 'API null row in a page',
    args: sync,
    api: api([200, '[null]']),
    error: /with a row that is null, expected an object/,
    ends: 'stream',
  },
  {
    name: 'API rows out of order',
    args: sync,
    api: api([
      200,
      JSON.stringify([ticketFixture(9, apiTimestamp(now, 1)), ticketFixture(5, apiTimestamp(now, 1))]),
    ]),
    error: /rows are not in ascending order/,
    ends: 'stream',
  },
  {
    name: 'API rejects the token',
    args: sync,
    api: [[401, '{"Message":"Authorization has been denied for this request."}']],
    error: /the Movidesk token was rejected \(HTTP 401/,
    exit: 1,
  },
  {
    name: 'API rejects the query',
    args: sync,
    api: [[400, '{"Message":"The query specified in the URI is not valid."}']],
    error: /rejected GET \/tickets with HTTP 400: The query specified in the URI is not valid\./,
    ends: 'stream',
  },
];

/** Values that do not fit the schema: never a failure, never a lost record. */
const valueCases = [
  {
    name: 'API field of the wrong type',
    patch: { actionCount: 'muitas' },
    field: 'actionCount',
    warning: /Stream tickets: field actionCount is "muitas", expected integer\/null; written as null/,
  },
  {
    name: 'API object where text is expected',
    patch: { subject: { text: 'x' } },
    field: 'subject',
    warning: /field subject is \{"text":"x"\}, expected string\/null; written as null/,
  },
  {
    name: 'API text where an object is expected',
    patch: { owner: 'Fulano' },
    field: 'owner',
    warning: /field owner is "Fulano", expected object\/null; written as null/,
  },
  {
    name: 'API date in an unexpected format',
    patch: { createdDate: '31/12/2024 10:00' },
    field: 'createdDate',
    warning: /field createdDate is "31\/12\/2024 10:00", expected a date-time; written as null/,
  },
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => recordOutcome('badInputsRejected', cases.length));

async function run(c: Case, logLevel: string) {
  if (c.api) {
    let call = 0;
    nock(BASE)
      .persist()
      .get(/.*/)
      .query(true)
      .reply(() => {
        const answer = (c.api as [number, string][])[
          Math.min(call++, (c.api as [number, string][]).length - 1)
        ] as [number, string];
        return answer;
      });
  }
  const stdout = memoryStream();
  const stderr = memoryStream();
  const code = await main([...c.args(), '--log-level', logLevel], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { TAP_MOVIDESK_TIME_SCALE: '0.0005', ...c.env },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('bad input', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: one line naming the problem, the documented exit code, clean stdout, valid last STATE',
    async (_name, c) => {
      const { code, stdout, stderr } = await run(c, 'info');
      const ends = c.ends ?? 'run';
      expect(code).toBe(c.exit ?? (ends === 'run' ? 2 : 1));
      const critical = stderr.split('\n').filter((line) => line.includes('CRITICAL'));
      const failed = stderr.split('\n').filter((line) => line.startsWith('ERROR FAILED '));
      if (ends === 'run') {
        expect(critical).toHaveLength(1);
        expect(critical[0]).toMatch(c.error);
        expect(failed).toHaveLength(0);
      } else {
        // Only the stream fails: the summary names it, why and what to do; the run itself ends normally.
        expect(critical).toHaveLength(0);
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatch(/^ERROR FAILED tickets: /);
        expect(failed[0]).toMatch(c.error);
        expect(failed[0]).toMatch(/the next run resumes from the last STATE/);
      }
      expect(stderr).not.toMatch(/\n\s+at /);
      // stdout: whole protocol lines only, and the last STATE is one a next run accepts.
      const messages = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      for (const m of messages) expect(['SCHEMA', 'RECORD', 'STATE', 'ACTIVATE_VERSION']).toContain(m.type);
      const state = messages.filter((m) => m.type === 'STATE').at(-1);
      if (state) expect(() => parseState(state.value, 'state', Date.now())).not.toThrow();
      if (c.api && c.api[0]?.[0] === 200 && c.api.length > 1) {
        // A failure on page 2 keeps page 1: its records and its STATE were emitted before the failure,
        // and the last STATE resumes after it.
        expect(messages.filter((m) => m.type === 'RECORD').map((m) => m.record.id)).toEqual([1, 2]);
        expect(state?.value.bookmarks.tickets.progress).toMatchObject({ route: '/tickets', after: 2 });
      }
      expect(stdout + stderr).not.toContain(TOKEN);
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: the token appears nowhere, even with --log-level debug',
    async (_name, c) => {
      // 'bad log level' too: its own --log-level loud still fails next to the debug one added here.
      const { stdout, stderr } = await run(c, 'debug');
      // Debug logging was on wherever the command line parsed (a usage error stops before it).
      if (!stderr.includes('run tap-movidesk --help for usage')) expect(stderr).toMatch(/^DEBUG /m);
      else if (c.name === 'bad log level') expect(stderr).toMatch(/Given: "loud"/);
      expect(stdout + stderr).not.toContain(TOKEN);
      expect(stdout + stderr).not.toContain(encodeURIComponent(TOKEN));
    },
  );

  it.each(valueCases.map((c) => [c.name, c] as const))(
    '%s: the record is kept with the field null, one warning, a NULLED summary line, exit 0',
    async (_name, c) => {
      const { code, stdout, stderr } = await run(
        {
          name: c.name,
          args: sync,
          api: [
            [200, goodPage],
            [200, withTicket(c.patch)],
            [200, '[]'],
          ],
          error: /./,
        },
        'info',
      );
      expect(code, stderr).toBe(0);
      const messages = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const records = messages.filter((m) => m.type === 'RECORD').map((m) => m.record);
      expect(records.map((record) => record.id)).toEqual([1, 2, 3]);
      expect(records[2][c.field]).toBeNull();
      const schema = messages.find((m) => m.type === 'SCHEMA' && m.stream === 'tickets').schema;
      const validate = new Ajv({ strict: false }).compile(schema);
      for (const record of records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(stderr.split('\n').filter((line) => c.warning.test(line))).toHaveLength(1);
      expect(stderr).toContain(
        `WARN NULLED tickets.${c.field}: 1 value did not fit the schema, written as null`,
      );
      expect(stderr).not.toContain('CRITICAL');
    },
  );

  it('extra fields from the API are not an error: logged once per stream, dropped, and the sync succeeds', async () => {
    const c: Case = {
      name: 'extra',
      args: sync,
      api: [
        [200, withTicket({ brandNewField: 1 })],
        [200, '[]'],
      ],
      error: /./,
    };
    const { code, stdout, stderr } = await run(c, 'info');
    expect(code).toBe(0);
    expect(stderr.match(/the API sent field "brandNewField" that the schema lacks/g)).toHaveLength(1);
    expect(stdout).not.toContain('brandNewField');
  });
});
