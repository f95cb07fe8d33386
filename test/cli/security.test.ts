import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { airbyteMain } from '../../src/airbyte-cli.js';
import { main } from '../../src/cli.js';
import { memoryStream } from '../helpers/harness.js';

// The README's "Security" section, rule by rule, through both command lines.
const TOKEN = 'sec-TOKEN-3b1f0c9e-77aa-4d2e-9c41-5e6f7a8b9c0d';
const MOVIDESK = 'https://api.movidesk.com/public/v1';
const dir = mkdtempSync(join(tmpdir(), 'tap-security-'));
let counter = 0;
const file = (content: unknown) => {
  const path = join(dir, `f${counter++}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
/** Only services: one route, so a sync that works ends after one empty page. */
const servicesOnly = () =>
  file({
    streams: [{ tap_stream_id: 'services', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }],
  });
const airbyteServicesOnly = () =>
  file({
    streams: [
      {
        stream: { name: 'services', json_schema: {}, supported_sync_modes: ['full_refresh'] },
        sync_mode: 'full_refresh',
        destination_sync_mode: 'overwrite',
      },
    ],
  });

async function singer(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages are checked field by field below.
type Message = any;

async function airbyte(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = memoryStream();
  const code = await airbyteMain(args, { stdout: stdout.stream, env });
  const text = stdout.text();
  const messages = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Message);
  return { code, text, messages };
}

const statuses = (messages: Message[]) => messages.filter((m) => m.type === 'CONNECTION_STATUS');

/** Requests that reach a public host (intercepted by nock, so nothing leaves the machine). */
function publicHost(origin: string): string[] {
  const seen: string[] = [];
  nock(origin)
    .persist()
    .get(/.*/)
    .query(true)
    .reply((uri) => {
      seen.push(uri);
      return [200, '[]'];
    });
  return seen;
}

interface Local {
  server: Server;
  port: number;
  /** path?query of every request it received */
  requests: string[];
}

async function localServer(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

const closeServer = (server: Server) => new Promise((resolve) => server.close(resolve));

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('plain http:// is refused for a public host, at config validation', () => {
  const base = 'http://api.movidesk.com/public/v1';
  const message = (source: string) =>
    `config setting "base_url" from ${source} is plain http:// to api.movidesk.com, which would send the token in clear text; use https:// (http:// is accepted only for a loopback host: localhost, 127.x.y.z or [::1])`;

  it('Singer sync: exit 2, one line, no request sent', async () => {
    const seen = publicHost('http://api.movidesk.com');
    const config = file({ token: TOKEN, base_url: base });
    const run = await singer(['--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ERROR CRITICAL ${message(config)}\n`);
    expect(run.stdout).toBe('');
    expect(seen).toEqual([]);
  });

  it('Singer with the config in TAP_MOVIDESK_* variables: exit 2, one line naming the environment', async () => {
    const seen = publicHost('http://api.movidesk.com');
    const run = await singer(['--test'], { TAP_MOVIDESK_TOKEN: TOKEN, TAP_MOVIDESK_BASE_URL: base });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ERROR CRITICAL ${message('the TAP_MOVIDESK_* environment')}\n`);
    expect(run.stdout).toBe('');
    expect(seen).toEqual([]);
  });

  it('Airbyte check: FAILED with the same line (exit 0), no request sent', async () => {
    const seen = publicHost('http://api.movidesk.com');
    const config = file({ token: TOKEN, base_url: base });
    const run = await airbyte(['check', '--config', config]);
    expect(run.code).toBe(0);
    expect(run.messages).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: message(config) } },
    ]);
    expect(seen).toEqual([]);
  });

  it('Airbyte read: a config_error trace (exit 2), no request sent', async () => {
    const seen = publicHost('http://api.movidesk.com');
    const config = file({ token: TOKEN, base_url: base });
    const run = await airbyte(['read', '--config', config, '--catalog', airbyteServicesOnly()]);
    expect(run.code).toBe(2);
    const traces = run.messages.filter((m) => m.type === 'TRACE');
    expect(traces).toHaveLength(1);
    expect(traces[0].trace.error).toEqual({ message: message(config), failure_type: 'config_error' });
    expect(run.messages.filter((m) => m.type === 'RECORD' || m.type === 'STATE')).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('plain http:// is accepted for a loopback host (the simulator case), with the time scale', () => {
  let api: Local;
  beforeAll(async () => {
    api = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('[]');
    });
  });
  afterAll(() => closeServer(api.server));

  it('Singer sync: exit 0, the request reached the loopback server', async () => {
    api.requests.length = 0;
    const config = file({ token: TOKEN, base_url: `http://127.0.0.1:${api.port}/public/v1` });
    const run = await singer(['--config', config, '--catalog', servicesOnly()], {
      TAP_MOVIDESK_TIME_SCALE: '0.001',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatch(/^\/public\/v1\/services\?.*token=/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('Airbyte check: SUCCEEDED after one request', async () => {
    api.requests.length = 0;
    const config = file({ token: TOKEN, base_url: `http://127.0.0.1:${api.port}/public/v1` });
    const run = await airbyte(['check', '--config', config], { TAP_MOVIDESK_TIME_SCALE: '0.001' });
    expect(run.code).toBe(0);
    expect(statuses(run.messages)).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ]);
    expect(api.requests).toHaveLength(1);
  });
});

describe('a redirect is not followed, and the token never reaches its target', () => {
  let target: Local;
  let redirecting: Local;
  let status = 302;
  beforeAll(async () => {
    // Where a hijacked or misconfigured base_url would send the tap: it records every request.
    target = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('[]');
    });
    // Sends every request on to the target, query string (token) included: the worst case.
    redirecting = await localServer((req, res) => {
      res.writeHead(status, { Location: `http://127.0.0.1:${target.port}${req.url}` });
      res.end();
    });
  });
  afterAll(async () => {
    await closeServer(redirecting.server);
    await closeServer(target.server);
  });
  const reset = (code: number) => {
    status = code;
    target.requests.length = 0;
    redirecting.requests.length = 0;
  };
  const expected = (path: string) =>
    `GET ${path} was redirected (HTTP ${status} to http://127.0.0.1:${target.port}/public/v1${path}); set base_url to the API root itself (now http://127.0.0.1:${redirecting.port}/public/v1; Movidesk's is ${MOVIDESK})`;

  it('Singer sync: exit 1, one line saying where it led, one request, nothing at the target', async () => {
    reset(302);
    const config = file({ token: TOKEN, base_url: `http://127.0.0.1:${redirecting.port}/public/v1` });
    const run = await singer(['--config', config, '--catalog', servicesOnly()], {
      TAP_MOVIDESK_TIME_SCALE: '0.001',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('ERROR'))).toEqual([
      `ERROR CRITICAL ${expected('/services')}`,
    ]);
    expect(run.stderr).not.toContain('Retrying');
    expect(redirecting.requests).toHaveLength(1);
    expect(redirecting.requests[0]).toContain(`token=${TOKEN}`);
    expect(target.requests).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it.each([301, 302, 303, 307, 308])(
    'Airbyte check, HTTP %i: FAILED with one line, nothing at the target',
    async (code) => {
      reset(code);
      const base = `http://127.0.0.1:${redirecting.port}/public/v1`;
      const run = await airbyte(['check', '--config', file({ token: TOKEN, base_url: base })], {
        TAP_MOVIDESK_TIME_SCALE: '0.001',
      });
      expect(run.code).toBe(0);
      expect(statuses(run.messages)).toEqual([
        {
          type: 'CONNECTION_STATUS',
          connectionStatus: { status: 'FAILED', message: `cannot use ${base}: ${expected('/services')}` },
        },
      ]);
      expect(redirecting.requests).toHaveLength(1);
      expect(target.requests).toEqual([]);
      expect(run.text).not.toContain(TOKEN);
    },
  );
});

describe('the time scale (a test-only switch) is refused unless base_url is loopback', () => {
  const message =
    'TAP_MOVIDESK_TIME_SCALE is a test-only switch, refused because base_url points to api.movidesk.com, not a loopback address (localhost, 127.x.y.z, [::1]): against Movidesk it would exceed the request limit and lock the account out; unset it';

  it('Singer sync against Movidesk (the default base_url): exit 2, one line, no request sent', async () => {
    const seen = publicHost('https://api.movidesk.com');
    const run = await singer(['--config', file({ token: TOKEN })], { TAP_MOVIDESK_TIME_SCALE: '0.01' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ERROR CRITICAL ${message}\n`);
    expect(run.stdout).toBe('');
    expect(seen).toEqual([]);
  });

  it('Singer --test with the whole config in the environment: exit 2, one line, no request sent', async () => {
    const seen = publicHost('https://api.movidesk.com');
    const run = await singer(['--test'], {
      TAP_MOVIDESK_TOKEN: TOKEN,
      TAP_MOVIDESK_BASE_URL: MOVIDESK,
      TAP_MOVIDESK_TIME_SCALE: '0.01',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ERROR CRITICAL ${message}\n`);
    expect(seen).toEqual([]);
  });

  it('Airbyte check: FAILED with the same line (exit 0), no request sent', async () => {
    const seen = publicHost('https://api.movidesk.com');
    const run = await airbyte(['check', '--config', file({ token: TOKEN, base_url: MOVIDESK })], {
      TAP_MOVIDESK_TIME_SCALE: '0.01',
    });
    expect(run.code).toBe(0);
    expect(run.messages).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message } },
    ]);
    expect(seen).toEqual([]);
  });

  it('without the switch, the same config reaches Movidesk (here nock): the refusal is the switch alone', async () => {
    const seen = publicHost('https://api.movidesk.com');
    const run = await airbyte(['check', '--config', file({ token: TOKEN, base_url: MOVIDESK })]);
    expect(statuses(run.messages)).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\/public\/v1\/services\?/);
  });
});
