import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serializeParams } from '../../src/http/client.js';
import {
  AuthError,
  BadRequestError,
  EndpointError,
  InvalidResponseError,
  RouteDeniedError,
  TransientError,
} from '../../src/http/errors.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { captureLogger, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.test/public/v1';
const TOKEN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/**
 * A client whose limiter runs on a fake clock: every pause it imposes (window, Retry-After, lockout)
 * moves the clock by exactly that much and costs no real time. Arrival times below are read from it.
 */
function setup(extra: Parameters<typeof testClient>[4] = {}) {
  const { logger, lines, redactor } = captureLogger('debug');
  const clock = fakeClock(Date.parse('2026-11-21T15:00:00Z'));
  const client = testClient(BASE, TOKEN, logger, redactor, {
    clock: clock.read,
    sleep: clock.sleep,
    ...extra,
  });
  return { client, lines, clock };
}

/** Serves the given answers in order and records when (on `clock`) each request arrived. */
function script(
  clock: { now: number },
  answers: ((arrivals: number[]) => [number, string, Record<string, string>?])[],
) {
  const arrivals: number[] = [];
  nock(BASE)
    .get('/tickets')
    .query(true)
    .times(answers.length)
    .reply(() => {
      arrivals.push(clock.now);
      const answer = answers[arrivals.length - 1];
      if (!answer) throw new Error('unexpected request');
      return answer(arrivals);
    });
  return arrivals;
}

/** Arrival times relative to the first. */
const relative = (arrivals: number[]) => arrivals.map((at) => at - (arrivals[0] as number));

describe('MovideskClient', () => {
  it('waits for Retry-After before sending anything after a 429', async () => {
    const { client, clock } = setup();
    const arrivals = script(clock, [
      () => [429, '{"Message":"Too many failed requests"}', { 'Retry-After': '0.4' }],
      () => [200, '[]'],
    ]);
    await expect(client.get('/tickets', { $select: 'id' })).resolves.toEqual([]);
    client.close();
    expect(relative(arrivals)).toEqual([0, 400]);
    expect(client.stats.throttled).toBe(1);
  });

  it('waits a whole (scaled) minute after a 429 without Retry-After', async () => {
    const { client, clock } = setup({ timeScale: 0.005 });
    const arrivals = script(clock, [() => [429, ''], () => [200, '[]']]);
    await client.get('/tickets', { $select: 'id' });
    client.close();
    expect(relative(arrivals)).toEqual([0, 300]);
  });

  it('waits out the lockout Movidesk starts after three failed requests in a row', async () => {
    const { client, lines, clock } = setup({ timeScale: 0.005 });
    const arrivals = script(clock, [
      () => [503, ''],
      () => [502, ''],
      () => [500, '<html></html>'],
      () => [200, '[]'],
    ]);
    await client.get('/tickets');
    client.close();
    // No pause between the failures (their backoff is microseconds of real time at this scale); then
    // 60 s, scaled to 300 ms, plus the 1 s (scaled) margin, between the third failure and the next request.
    expect(relative(arrivals)).toEqual([0, 0, 0, 305]);
    expect(lines.filter((line) => line.includes('3 failed requests in a row'))).toHaveLength(1);
  });

  it('retries 5xx, dropped connections and invalid JSON, then succeeds', async () => {
    const { client, clock } = setup();
    script(clock, [
      () => [503, ''],
      () => [502, '<html><body>Bad gateway</body></html>'],
      () => [200, '[{"id":1'],
      () => [200, '[{"id":1}]'],
    ]);
    await expect(client.get('/tickets', { $select: 'id' })).resolves.toEqual([{ id: 1 }]);
    client.close();
    expect(client.stats.requests).toBe(4);
  });

  it('retries a connection dropped in the middle of the body', async () => {
    nock.enableNetConnect('127.0.0.1');
    let calls = 0;
    const server = createServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('[{"id":1,"subject":"trunc');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      res.end('[{"id":1}]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { logger, redactor } = captureLogger();
    const client = testClient(`http://127.0.0.1:${port}/public/v1`, TOKEN, logger, redactor);
    await expect(client.get('/tickets')).resolves.toEqual([{ id: 1 }]);
    client.close();
    server.close();
    expect(calls).toBe(2);
  });

  it('aborts and retries a request slower than the timeout', async () => {
    // The slow answer comes 3 s after a 1 s timeout; the retry is answered at once, which no load
    // stretches to a second.
    nock(BASE).get('/tickets').query(true).delay(3_000).reply(200, '[{"slow":true}]');
    nock(BASE).get('/tickets').query(true).reply(200, '[]');
    const { client, lines } = setup({ timeoutMs: 1_000 });
    await expect(client.get('/tickets')).resolves.toEqual([]);
    client.close();
    expect(client.stats).toMatchObject({ requests: 2, retries: 1 });
    expect(lines.filter((line) => line.includes('(attempt 2) after ECONNABORTED'))).toHaveLength(1);
  });

  it('counts a request it timed out on toward the lockout (the API may still count it as a failure)', async () => {
    nock(BASE).get('/tickets').query(true).times(2).reply(503, '');
    nock(BASE).get('/tickets').query(true).delay(3_000).reply(200, '[{"slow":true}]');
    nock(BASE).get('/tickets').query(true).reply(200, '[]');
    const { client, lines } = setup({ timeoutMs: 1_000, timeScale: 0.005 });
    await expect(client.get('/tickets')).resolves.toEqual([]);
    client.close();
    expect(client.stats.requests).toBe(4);
    expect(lines.filter((line) => line.includes('3 failed requests in a row (last a timeout)'))).toHaveLength(
      1,
    );
  });

  it('gives up on persistent 5xx with a one-line error and no token', async () => {
    nock(BASE).get('/tickets').query(true).times(4).reply(503, '');
    const { client, lines } = setup({ maxRetries: 3 });
    const error = await client.get('/tickets').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(
      /^Movidesk did not answer GET \/tickets after 3 retries: HTTP 503$/,
    );
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('fails 400 with the server message, without retrying', async () => {
    nock(BASE).get('/tickets').query(true).reply(400, {
      Message: "The query specified in the URI is not valid. Could not find a property named 'foo'.",
    });
    const { client } = setup();
    const error = await client.get('/tickets', { $select: 'foo' }).catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain("Could not find a property named 'foo'");
  });

  it('401/403 before any success rejects the token; 401/403/404 after one concerns that route only', async () => {
    nock(BASE).get('/tickets').query(true).reply(403, { Message: 'Forbidden' });
    nock(BASE).get('/services').query(true).reply(200, '[]');
    const echo = `No HTTP resource was found that matches the request URI '${BASE}/activity?token=${TOKEN}'.`;
    nock(BASE).get('/activity').query(true).reply(404, { Message: echo });
    nock(BASE).get('/timeAgreement').query(true).reply(403, { Message: 'Acesso negado' });
    const { client } = setup();
    const first = await client.get('/tickets').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AuthError);
    expect((first as AuthError).endsRun).toBe(true);
    await client.get('/services');
    const missing = await client.get('/activity').catch((e: unknown) => e);
    const denied = await client.get('/timeAgreement').catch((e: unknown) => e);
    client.close();
    expect(missing).toBeInstanceOf(RouteDeniedError);
    expect(missing).toMatchObject({ status: 404, path: '/activity', endsRun: false });
    expect(denied).toMatchObject({ status: 403, path: '/timeAgreement' });
    expect((denied as Error).message).toBe(
      'Movidesk answered HTTP 403 on GET /timeAgreement although the token works on other routes (Acesso negado)',
    );
    // The server echoed the URL with the token: the error carries it redacted.
    expect((missing as Error).message).toContain('/activity?token=');
    expect((missing as Error).message).not.toContain(TOKEN);
  });

  it('gives up on a body that is never JSON, after Movidesk answered JSON before', async () => {
    nock(BASE).get('/tickets').query(true).reply(200, '[]');
    nock(BASE).get('/tickets').query(true).times(4).reply(200, '<html>maintenance</html>');
    const { client } = setup();
    await client.get('/tickets');
    const error = await client.get('/tickets').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('maintenance');
    expect(client.stats.requests).toBe(5);
  });

  it('never lets more than N requests start in any rolling window, spending the budget in bursts', async () => {
    const { client, clock } = setup({ requestsPerMinute: 5, timeScale: 0.005 });
    const arrivals = script(
      clock,
      Array.from({ length: 12 }, () => () => [200, '[]'] as [number, string]),
    );
    for (let i = 0; i < 12; i++) await client.get('/tickets');
    client.close();
    // 5 per (scaled) minute: a 300 ms window, plus the margin's floor of 250 ms of real time. The
    // first five go out at once, the next five when the first have left the window and its margin.
    expect(relative(arrivals)).toEqual([0, 0, 0, 0, 0, 550, 550, 550, 550, 550, 1100, 1100]);
  });

  it('keeps 1 s of margin per minute at the real pace (the time scale floor changes nothing there)', async () => {
    const { client, clock } = setup({ requestsPerMinute: 10, timeScale: 1 });
    const arrivals = script(
      clock,
      Array.from({ length: 11 }, () => () => [200, '[]'] as [number, string]),
    );
    for (let i = 0; i < 11; i++) await client.get('/tickets');
    client.close();
    expect(relative(arrivals)).toEqual([...Array(10).fill(0), 61_000]);
  });

  it('keeps at least 250 ms of real margin when time is shrunk (a busy machine delays arrivals that much)', async () => {
    const { client, clock } = setup({ requestsPerMinute: 10, timeScale: 0.01 });
    const arrivals = script(
      clock,
      Array.from({ length: 11 }, () => () => [200, '[]'] as [number, string]),
    );
    for (let i = 0; i < 11; i++) await client.get('/tickets');
    client.close();
    expect(relative(arrivals)).toEqual([...Array(10).fill(0), 600 + 250]);
  });

  it('puts the token in the query string and nowhere in logs', async () => {
    let seen = '';
    nock(BASE)
      .get('/tickets')
      .query(true)
      .reply((uri) => {
        seen = uri;
        return [200, '[]'];
      });
    const { client, lines } = setup();
    await client.get('/tickets', {
      $select: 'id,subject',
      $filter: 'id gt 5 and lastUpdate lt 2024-01-01T00:00:00.000Z',
    });
    client.close();
    expect(seen).toContain(`token=${TOKEN}`);
    expect(seen).toContain('$select=id,subject');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('serializeParams', () => {
  it('keeps OData punctuation readable and encodes spaces as %20', () => {
    expect(
      serializeParams({
        $select: 'a,b',
        $expand: 'x($select=c;$expand=d)',
        $filter: "id gt 1 and s eq 'a b'",
        skip: undefined,
      }),
    ).toBe("$select=a,b&$expand=x($select%3Dc;$expand%3Dd)&$filter=id%20gt%201%20and%20s%20eq%20'a%20b'");
  });
});

/** An error and the client's request and retry counts after one GET /tickets. */
async function failure(base: string, extra: Parameters<typeof testClient>[4] = {}) {
  const { logger, lines, redactor } = captureLogger('debug');
  const client = testClient(base, TOKEN, logger, redactor, extra);
  const error = await client.get('/tickets', { $select: 'id' }).catch((e: unknown) => e);
  client.close();
  return { error: error as Error, stats: client.stats, lines };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A local port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a base_url that does not lead to Movidesk fails at once, with the reason and the fix', () => {
  beforeAll(() =>
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('nonexistent.invalid')),
  );
  afterAll(() => nock.disableNetConnect());

  it('connection refused: one request, no retry', async () => {
    const port = await closedPort();
    const { error, stats } = await failure(`http://127.0.0.1:${port}/public/v1`);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toBe(
      `cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED on GET /tickets); check base_url (now http://127.0.0.1:${port}/public/v1)`,
    );
    expect(stats).toMatchObject({ requests: 1, retries: 0 });
  });

  it('unknown host (DNS): one request, no retry', async () => {
    const { error, stats } = await failure('http://nonexistent.invalid/public/v1');
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toMatch(
      /^cannot resolve host nonexistent\.invalid \(DNS lookup failed, (ENOTFOUND|EAI_AGAIN)\); check base_url/,
    );
    expect(stats).toMatchObject({ requests: 1, retries: 0 });
  });

  it('TLS failure (self-signed certificate): one request, no retry', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'tap-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'].concat([
        '-keyout',
        join(certDir, 'key.pem'),
        '-out',
        join(certDir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    let served = 0;
    const server = createHttpsServer(
      { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
      (_req, res) => {
        served += 1;
        res.end('[]');
      },
    );
    const port = await listen(server);
    const { error, stats } = await failure(`https://127.0.0.1:${port}/public/v1`);
    server.close();
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toMatch(
      new RegExp(
        `^TLS with 127\\.0\\.0\\.1:${port} failed \\(DEPTH_ZERO_SELF_SIGNED_CERT: .*\\); check base_url`,
      ),
    );
    expect(stats).toMatchObject({ requests: 1, retries: 0 });
    expect(served).toBe(0);
  });

  it('an HTML page with 200 as the first answer: not Movidesk, one request', async () => {
    nock(BASE).get('/tickets').query(true).reply(200, '<!DOCTYPE html><html><title>Entrar</title></html>');
    const { error, stats } = await failure(BASE);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toBe(
      `${BASE} does not look like the Movidesk API: GET /tickets got a 2xx answer that is not JSON (Entrar); check base_url (Movidesk's is https://api.movidesk.com/public/v1)`,
    );
    expect(stats).toMatchObject({ requests: 1, retries: 0 });
  });

  it('a 404 page that is not JSON as the first answer: not Movidesk', async () => {
    nock(BASE).get('/tickets').query(true).reply(404, '404 page not found');
    const { error, stats } = await failure(BASE);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toMatch(
      /GET \/tickets got HTTP 404 with a body that is not JSON \(404 page not found\); check base_url/,
    );
    expect(stats.requests).toBe(1);
  });

  it('a redirect names where it leads, without the token', async () => {
    nock(BASE)
      .get('/tickets')
      .query(true)
      .reply(301, '', { Location: `https://api.example.test/public/v1/tickets?token=${TOKEN}&$select=id` });
    const { error, stats, lines } = await failure(BASE);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toBe(
      `GET /tickets was redirected (HTTP 301 to https://api.example.test/public/v1/tickets); set base_url to the API root itself (now ${BASE}; Movidesk's is https://api.movidesk.com/public/v1)`,
    );
    expect(stats.requests).toBe(1);
    expect(`${error.message}${lines.join('\n')}`).not.toContain(TOKEN);
  });

  it('a 5xx HTML page keeps its retries, even as the first answer', async () => {
    nock(BASE).get('/tickets').query(true).times(3).reply(502, '<html><body>Bad gateway</body></html>');
    const { error, stats } = await failure(BASE, { maxRetries: 2 });
    expect(error).toBeInstanceOf(TransientError);
    expect(stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('a refused connection after the server answered is a passing fault and keeps its retries', async () => {
    const server = createServer((_req, res) => res.end('[]'));
    const port = await listen(server);
    const { logger, redactor } = captureLogger();
    const client = testClient(`http://127.0.0.1:${port}/public/v1`, TOKEN, logger, redactor, {
      maxRetries: 2,
    });
    await expect(client.get('/tickets')).resolves.toEqual([]);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const error = await client.get('/tickets').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/after 2 retries: ECONNREFUSED$/);
    expect(client.stats).toMatchObject({ requests: 4, retries: 2 });
  });
});
