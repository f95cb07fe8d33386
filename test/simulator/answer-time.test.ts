import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startUnlimited({ seed: 9, tickets: 300 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setOptions({ answerMsPerRowUnit: 0, timeScale: 1 });
  sim.resetStats();
});

const last = () => sim.stats().recent.at(-1);

describe('answer time (answerMsPerRowUnit)', () => {
  it('is 0 by default: the option exists and answers are not delayed on purpose', () => {
    expect(sim.options.answerMsPerRowUnit).toBe(0);
  });

  it('grows with rows x (1 + expanded collections), scaled by timeScale', async () => {
    sim.setOptions({ answerMsPerRowUnit: 2, timeScale: 0.5 });
    // 20 rows, two expanded collections (clients, actions) → 20 × 3 units × 2 ms × 0.5 = 60 ms at least.
    const page = await get<unknown[]>(sim, '/tickets/past', {
      $select: 'id,clients,actions',
      $expand: 'clients($select=id),actions($select=id)',
      $top: 20,
    });
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(20);
    expect(last()?.durationMs).toBeGreaterThanOrEqual(60);
    // The same rows without expansion: 20 units → 20 ms at least, a third of the expanded page's cost.
    await get(sim, '/tickets/past', { $select: 'id', $top: 20 });
    expect(last()?.durationMs).toBeGreaterThanOrEqual(20);
  });

  it('keeps other requests going while a slow page is being built', async () => {
    sim.setOptions({ answerMsPerRowUnit: 500 });
    const order: string[] = [];
    // 5 rows × 1 unit × 500 ms: 2.5 s. A single get (not a list) answers at once meanwhile.
    const slow = get(sim, '/tickets/past', { $select: 'id', $top: 5 }).then(() => order.push('slow page'));
    const fast = get(sim, '/services', { id: 1 }).then(() => order.push('single get'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['single get', 'slow page']);
  });
});
