import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/http/errors.js';
import { captureLogger, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.test/public/v1';
const TOKEN = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/**
 * The next instant at this UTC hour: the limiter's clock must not be behind the real one, since a 429
 * blocks it until a real-time instant.
 */
function nextUtcHour(hour: number): number {
  const at = new Date();
  at.setUTCHours(hour, 0, 0, 0);
  if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at.getTime();
}
const DAY = nextUtcHour(15); // 12:00 in Brasília
const NIGHT = nextUtcHour(1); // 22:00 in Brasília

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function setup(extra: Parameters<typeof testClient>[4] = {}) {
  const { logger, lines, redactor } = captureLogger('debug');
  return { client: testClient(BASE, TOKEN, logger, redactor, extra), lines };
}

describe('what the client tells a reader about its pace', () => {
  it('spacing: the window (margin included) over the rate allowed now, at night the night rate until a 429', async () => {
    const clock = { now: DAY };
    const options = {
      requestsPerMinute: 10,
      nightRequestsPerMinute: 60,
      timeScale: 1,
      clock: () => clock.now,
    };
    const { client } = setup(options);
    expect(client.pace().spacingMs).toBe(6_100);
    clock.now = NIGHT;
    expect(client.pace().spacingMs).toBeCloseTo(61_000 / 60, 6);
    nock(BASE).get('/tickets').query(true).reply(429, '', { 'Retry-After': '0' });
    nock(BASE).get('/tickets').query(true).reply(200, '[]');
    await client.get('/tickets');
    // Throttled at night: the day rate for the rest of the run, night or not.
    expect(client.pace().spacingMs).toBe(6_100);
    client.close();
  });

  it('counts requests in flight and reports the answer time of the attempt that succeeded', async () => {
    nock(BASE).get('/tickets').query(true).reply(503, '');
    nock(BASE).get('/tickets').query(true).delay(1_500).reply(200, '[]');
    nock(BASE).get('/services').query(true).delay(1_000).reply(200, '[]');
    const { client } = setup();
    const answers: number[] = [];
    const first = client.get('/tickets', {}, { onAnswer: (ms) => answers.push(ms) });
    const second = client.get('/services');
    // Both pass the limiter (generous here) within a few turns of the event loop; the first after a retry.
    while (client.pace().inFlight < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(client.pace().inFlight).toBe(2);
    await Promise.all([first, second]);
    expect(client.pace().inFlight).toBe(0);
    // Once, for the attempt that succeeded (not the 503), and at least its 1.5 s answer time.
    expect(answers).toHaveLength(1);
    expect(answers[0]).toBeGreaterThanOrEqual(1_495);
    client.close();
  });

  it('a success does not clear failures answered while it was in flight (they may have reached Movidesk after it)', async () => {
    nock(BASE).get('/tickets').query(true).delay(1_500).reply(200, '[]');
    nock(BASE).get('/services').query(true).reply(400, '{"Message":"no"}');
    const { client } = setup();
    const slow = client.get('/tickets');
    while (client.pace().inFlight < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(client.get('/services')).rejects.toBeInstanceOf(BadRequestError);
    expect(client.pace().failureStreak).toBe(1);
    await slow;
    expect(client.pace().failureStreak).toBe(1);
    // A request started after the failure was answered comes after it: the streak is over.
    nock(BASE).get('/tickets').query(true).reply(200, '[]');
    await client.get('/tickets');
    expect(client.pace().failureStreak).toBe(0);
    client.close();
  });

  it('an aborted request rejects at once and is not retried', async () => {
    const scope = nock(BASE).get('/tickets').query(true).delay(2_000).reply(200, '[]');
    const { client } = setup();
    const controller = new AbortController();
    const pending = client.get('/tickets', {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(client.stats.retries).toBe(0);
    expect(client.pace().inFlight).toBe(0);
    scope.persist(false);
    client.close();
  });
});
