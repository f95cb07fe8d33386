import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Simulator, SimulatorOptionsPatch } from '../../simulator/index.js';
import { resolveOptions, startSimulator } from '../../simulator/index.js';
import { formatRetryAfter, Limits } from '../../simulator/limits.js';
import { get } from './helpers.js';

// timeScale 0.02: the 60 s window and lockout last 1.2 s.
const FAST: SimulatorOptionsPatch = { seed: 3, tickets: 200, timeScale: 0.02 };
let sim: Simulator | undefined;
// The simulator's clock is Date.now(): frozen here, it moves only when a test moves it, so windows,
// lockouts and Retry-After are checked to the millisecond whatever the machine's load (timers stay real).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-23T15:00:00Z') });
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  vi.useRealTimers();
});
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

const ok = (s: Simulator) => get(s, '/tickets/past', { $select: 'id', $top: 1 });
const bad = (s: Simulator) => get(s, '/tickets/past', { $top: 1 });

describe('rate limit', () => {
  it('answers 429 with Retry-After once the window is full, then serves again after waiting', async () => {
    sim = await startSimulator({ ...FAST, rateLimit: { requests: 3 }, lockout: { enabled: false } });
    for (let i = 0; i < 3; i++) expect((await ok(sim)).status).toBe(200);
    const limited = await ok(sim);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ Message: 'Limite de requisições excedido' });
    expect(limited.headers.get('retry-after')).toBe('1.2');
    advance(1_199);
    expect((await ok(sim)).status).toBe(429);
    advance(1);
    expect((await ok(sim)).status).toBe(200);
    const stats = sim.stats();
    expect(stats.rateLimited).toBe(2);
    expect(stats.throttled).toBe(2);
    // The request 1 ms before the given Retry-After ran out.
    expect(stats.requestsBeforeRetryAfter).toBe(1);
  });

  it('counts requests that arrive before the given Retry-After as violations', async () => {
    sim = await startSimulator({ ...FAST, rateLimit: { requests: 2 }, lockout: { enabled: false } });
    await ok(sim);
    await ok(sim);
    expect((await ok(sim)).status).toBe(429);
    expect((await ok(sim)).status).toBe(429);
    expect(sim.stats().requestsBeforeRetryAfter).toBe(1);
  });

  it('can omit Retry-After on rate-limit answers', async () => {
    sim = await startSimulator({
      ...FAST,
      rateLimit: { requests: 1, omitRetryAfter: true },
      lockout: { enabled: false },
    });
    await ok(sim);
    const limited = await ok(sim);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('gives whole seconds at real speed', async () => {
    sim = await startSimulator({
      seed: 3,
      tickets: 100,
      rateLimit: { requests: 1 },
      lockout: { enabled: false },
    });
    await ok(sim);
    const limited = await ok(sim);
    expect(limited.headers.get('retry-after')).toBe('60');
  });
});

describe('failure lockout', () => {
  it('locks the token for 60 s (scaled) after 3 consecutive failures', async () => {
    sim = await startSimulator({ ...FAST, rateLimit: { enabled: false } });
    for (let i = 0; i < 3; i++) expect((await bad(sim)).status).toBe(400);
    const locked = await ok(sim);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ Message: 'Too many failed requests' });
    expect(locked.headers.get('retry-after')).toBe('1.2');
    advance(1_199);
    expect((await ok(sim)).status).toBe(429);
    const stats = sim.stats();
    expect(stats.requestsDuringLockout).toBe(2);
    expect(stats.lockoutsStarted).toBe(1);
    expect(stats.requestsBeforeRetryAfter).toBe(1);
    advance(1);
    expect((await ok(sim)).status).toBe(200);
  });

  it('resets the failure count on success', async () => {
    sim = await startSimulator({ ...FAST, rateLimit: { enabled: false } });
    await bad(sim);
    await bad(sim);
    expect((await ok(sim)).status).toBe(200);
    await bad(sim);
    await bad(sim);
    expect((await ok(sim)).status).toBe(200);
    expect(sim.stats().lockoutsStarted).toBe(0);
  });

  it('counts rate-limit 429s as failures', async () => {
    sim = await startSimulator({ ...FAST, rateLimit: { requests: 2 }, lockout: { durationMs: 180_000 } });
    await ok(sim);
    await ok(sim);
    for (let i = 0; i < 3; i++)
      expect((await ok(sim)).body).toEqual({ Message: 'Limite de requisições excedido' });
    advance(1_200); // the rate window has freed, the 3.6 s lockout has not
    expect((await ok(sim)).body).toEqual({ Message: 'Too many failed requests' });
    advance(2_400);
    expect((await ok(sim)).status).toBe(200);
  });
});

describe('heavy-query budget', () => {
  it('answers 500 "An error has occurred." when $top × (1 + expanded collections) exceeds the budget', async () => {
    sim = await startSimulator({
      ...FAST,
      rateLimit: { enabled: false },
      heavyQuery: { enabled: true, budget: 500 },
    });
    const select = 'id,actions,clients';
    const light = await get(sim, '/tickets/past', {
      $select: select,
      $expand: 'actions($expand=timeAppointments,expenses),clients',
      $top: 100,
    });
    expect(light.status).toBe(200);
    const heavy = await get(sim, '/tickets/past', {
      $select: select,
      $expand: 'actions($expand=timeAppointments,expenses,attachments),clients',
    });
    expect(heavy.status).toBe(500);
    expect(heavy.body).toEqual({ Message: 'An error has occurred.' });
    const smaller = await get(sim, '/tickets/past', {
      $select: select,
      $expand: 'actions($expand=timeAppointments,expenses,attachments),clients',
      $top: 50,
    });
    expect(smaller.status).toBe(200);
    expect(sim.stats().heavyQueryRejected).toBe(1);
  });

  it('counts heavy-query errors toward the lockout', async () => {
    sim = await startSimulator({
      ...FAST,
      rateLimit: { enabled: false },
      heavyQuery: { enabled: true, budget: 100 },
    });
    for (let i = 0; i < 3; i++)
      expect((await get(sim, '/tickets', { $select: 'id,actions', $expand: 'actions' })).status).toBe(500);
    expect((await ok(sim)).status).toBe(429);
  });
});

describe('Limits (unit)', () => {
  const at = (hourUtc: number) => Date.UTC(2026, 0, 5, hourUtc);

  it('lifts the rate limit at night in Brasília time when nightUnlimited is on', () => {
    const opts = resolveOptions({ rateLimit: { requests: 1, nightUnlimited: true } });
    const limits = new Limits(() => opts);
    // 23:00 UTC = 20:00 in Brasília: unlimited.
    for (let i = 0; i < 5; i++) expect(limits.admit('t', at(23) + i).gate.kind).toBe('pass');
    // 15:00 UTC = 12:00 in Brasília: limited.
    expect(limits.admit('t', at(15)).gate.kind).toBe('pass');
    expect(limits.admit('t', at(15) + 1).gate.kind).toBe('rate');
  });

  it('keeps counts per token', () => {
    const opts = resolveOptions({ rateLimit: { requests: 1 } });
    const limits = new Limits(() => opts);
    expect(limits.admit('a', 0).gate.kind).toBe('pass');
    expect(limits.admit('b', 1).gate.kind).toBe('pass');
    expect(limits.admit('a', 2).gate).toEqual({ kind: 'rate', retryAfterMs: 59_998 });
  });

  it('restarts the lockout on violations only when countViolations is on', () => {
    for (const countViolations of [false, true]) {
      const opts = resolveOptions({ rateLimit: { enabled: false }, lockout: { countViolations } });
      const limits = new Limits(() => opts);
      for (let i = 0; i < 3; i++) limits.settle('t', 400, i, null, false);
      expect(limits.admit('t', 10).gate.kind).toBe('lockout');
      let restarted = false;
      for (let i = 0; i < 3; i++) restarted = limits.settle('t', 429, 20 + i, 1000, true) || restarted;
      expect(restarted).toBe(countViolations);
      expect(limits.admit('t', 60_010).gate.kind).toBe(countViolations ? 'lockout' : 'pass');
    }
  });

  it('formats Retry-After as whole seconds, or fractions when time is scaled', () => {
    expect(formatRetryAfter(59_001, 1)).toBe('60');
    expect(formatRetryAfter(10, 1)).toBe('1');
    expect(formatRetryAfter(600, 0.01)).toBe('0.6');
    expect(formatRetryAfter(1234.2, 0.1)).toBe('1.235');
  });
});
