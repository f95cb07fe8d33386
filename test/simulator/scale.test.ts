import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

const FULL_EXPAND =
  'owner,createdBy,clients($expand=organization),actions($expand=createdBy,timeAppointments($expand=createdBy,createdByTeam),expenses($expand=createdBy,createdByTeam),attachments($expand=createdBy)),parentTickets,childrenTickets,ownerHistories($expand=owner,changedBy),statusHistories($expand=changedBy,changedByTeam),customFieldValues($expand=items),assets';

let sim: Simulator;
let startupMs = 0;
beforeAll(async () => {
  const t0 = performance.now();
  sim = await startUnlimited({ seed: 1, tickets: 100_000 });
  startupMs = performance.now() - t0;
}, 60_000);
afterAll(() => sim?.close());

describe('100k tickets', () => {
  it('starts in a few seconds', () => {
    expect(startupMs).toBeLessThan(8000);
  });

  it('answers a keyset page with every collection expanded quickly', async () => {
    const since = new Date(sim.now() - 400 * 86_400_000).toISOString();
    const params = {
      $select:
        'id,subject,lastUpdate,owner,createdBy,clients,actions,parentTickets,childrenTickets,ownerHistories,statusHistories,customFieldValues,assets',
      $expand: FULL_EXPAND,
      $filter: `lastUpdate ge ${since} and id gt 50000`,
      $orderby: 'id',
      $top: 100,
    };
    await get(sim, '/tickets/past', params); // warm-up
    const t0 = performance.now();
    const r = await get<{ id: number; actions: unknown[] }[]>(sim, '/tickets/past', {
      ...params,
      $filter: `lastUpdate ge ${since} and id gt 60000`,
    });
    const elapsed = performance.now() - t0;
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(100);
    expect(r.body[0]?.id).toBeGreaterThan(60_000);
    expect(r.body.every((t) => Array.isArray(t.actions))).toBe(true);
    expect(elapsed).toBeLessThan(250);
  });

  it('keeps memory well under 1.5 GB', () => {
    expect(process.memoryUsage().rss).toBeLessThan(1.5e9);
  });
});
