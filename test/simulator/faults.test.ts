import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../simulator/faults.js';
import type { FaultOptions, Simulator } from '../../simulator/index.js';
import { apiUrl, get, startUnlimited } from './helpers.js';

const NONE: FaultOptions = {
  error5xxRate: 0,
  slowRate: 0,
  slowMs: 200,
  dropRate: 0,
  burst429Rate: 0,
  burst429Length: 2,
  wrongShapeRate: 0,
  brokenRoutes: [],
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startUnlimited({ seed: 5, tickets: 200 });
});
afterAll(() => sim.close());
beforeEach(() => sim.setOptions({ faults: NONE, timeScale: 1 }));

const list = { $select: 'id,subject', $top: 50 };

describe('fault injection', () => {
  it('drops the connection mid-body after sending headers', async () => {
    sim.setOptions({ faults: { ...NONE, dropRate: 1 } });
    const res = await fetch(apiUrl(sim, '/tickets/past', list));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(sim.stats().recent.at(-1)).toMatchObject({ dropped: true, fault: 'drop' });
  });

  it('answers 5xx in the documented forms: 500 HTML page, 502, 503 with empty body, 504', async () => {
    sim.setOptions({ faults: { ...NONE, error5xxRate: 1 } });
    const seen = new Map<number, { type: string | null; text: string }>();
    for (let i = 0; i < 40 && seen.size < 4; i++) {
      const r = await get(sim, '/tickets/past', list);
      seen.set(r.status, { type: r.headers.get('content-type'), text: r.text });
    }
    expect([...seen.keys()].sort()).toEqual([500, 502, 503, 504]);
    expect(seen.get(500)?.type).toMatch(/text\/html/);
    expect(seen.get(500)?.text).toMatch(/<html>/i);
    expect(seen.get(503)?.text).toBe('');
    expect(seen.get(504)?.text).toMatch(/Gateway Time-out/);
  });

  it('sends bursts of 429, with and without Retry-After', async () => {
    sim.setOptions({ faults: { ...NONE, burst429Rate: 1, burst429Length: 2 } });
    const headers = new Set<string | null>();
    for (let i = 0; i < 20; i++) {
      const r = await get(sim, '/tickets/past', list);
      expect(r.status).toBe(429);
      headers.add(r.headers.get('retry-after'));
    }
    expect(headers.has(null)).toBe(true);
    expect([...headers].some((h) => h !== null && Number(h) > 0)).toBe(true);
  });

  it('returns JSON of the wrong shape when asked to', async () => {
    sim.setOptions({ faults: { ...NONE, wrongShapeRate: 1 } });
    const r = await get<{ value: unknown[] }>(sim, '/tickets/past', list);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(false);
    expect(r.body.value).toHaveLength(50);
    const envelope = await get(sim, '/survey/responses', { limit: 5 });
    expect(Array.isArray(envelope.body)).toBe(true);
  });

  it('delays slow answers by slowMs × timeScale', async () => {
    // The delay drawn, exactly: no clock involved.
    const injector = new FaultInjector(5);
    expect(injector.next({ ...NONE, slowRate: 1, slowMs: 10_000 }, 0.03)).toEqual({
      kind: 'none',
      delayMs: 300,
    });
    expect(injector.next({ ...NONE, slowRate: 0, slowMs: 10_000 }, 0.03).delayMs).toBe(0);
    // And the server really waits it before answering. Only a lower bound on elapsed time, which load
    // can only lengthen (a few ms of slack: timers run on a coarser monotonic clock than Date.now()).
    sim.setOptions({ faults: { ...NONE, slowRate: 1, slowMs: 10_000 }, timeScale: 0.03 });
    const t0 = Date.now();
    expect((await get(sim, '/tickets/past', list)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
    expect(sim.stats().recent.at(-1)?.fault).toBe('slow');
  });

  it('draws the same faults for the same seed and request sequence', async () => {
    const run = async () => {
      const s = await startUnlimited({
        seed: 11,
        tickets: 100,
        faults: { ...NONE, error5xxRate: 0.3, burst429Rate: 0.1 },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await get(s, '/tickets/past', list)).status);
      await s.close();
      return statuses;
    };
    const a = await run();
    expect(new Set(a).size).toBeGreaterThan(1);
    expect(await run()).toEqual(a);
  });
});

describe('broken routes', () => {
  it('answer 503 to every request while other routes answer normally', async () => {
    sim.setOptions({ faults: { ...NONE, brokenRoutes: ['/persons'] } });
    for (let i = 0; i < 3; i++) expect((await get(sim, '/persons', { $select: 'id' })).status).toBe(503);
    expect((await get(sim, '/services', { $select: 'id' })).status).toBe(200);
  });
});
