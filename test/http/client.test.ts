import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serializeParams } from '../../src/http/client.js';
import { BadRequestError, InvalidResponseError, TransientError } from '../../src/http/errors.js';
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

  it('gives up on a body that is never JSON', async () => {
    nock(BASE).get('/tickets').query(true).times(4).reply(200, '<html>maintenance</html>');
    const { client } = setup();
    const error = await client.get('/tickets').catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('maintenance');
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
