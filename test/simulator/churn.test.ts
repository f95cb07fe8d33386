import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChurnChange, Simulator, Ticket } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

let sim: Simulator;
// The simulator's clock (Date.now()) is frozen: "now" is one known instant the stamps must equal.
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-23T15:00:00Z') });
  sim = await startUnlimited({ seed: 9, tickets: 400 });
});
afterAll(async () => {
  await sim.close();
  vi.useRealTimers();
});

const ms = (stamp: string) => Date.parse(`${stamp.slice(0, 23)}Z`);

function churnUntil(
  kind: ChurnChange['kind'],
  accept: (c: ChurnChange) => boolean = () => true,
): ChurnChange {
  for (let i = 0; i < 500; i++) {
    const found = sim.churn(1).find((c) => c.kind === kind && accept(c));
    if (found) return found;
  }
  throw new Error(`no ${kind} change`);
}

describe('churn', () => {
  it('updates a ticket: new action, lastUpdate = now, and it moves from /tickets/past to /tickets', async () => {
    const before = sim.truth();
    const oldIds = new Set(
      before.ticketIndex
        .filter((t) => !t.isDeleted && ms(t.lastUpdate) < sim.now() - 90 * 86_400_000)
        .map((t) => t.id),
    );
    const started = sim.now();
    const change = churnUntil('ticketUpdated', (c) => oldIds.has(c.id as number));
    const id = change.id as number;
    const previous = before.ticket(id);
    const current = await get<Ticket>(sim, '/tickets', { id, includeDeletedItems: 'true' });
    expect(current.status).toBe(200);
    expect(ms(current.body.lastUpdate)).toBe(started);
    expect(current.body.actions.length).toBe((previous?.actions.length ?? 0) + 1);
    expect(current.body.lastActionDate).toBe(current.body.actions.at(-1)?.createdDate);
    expect((await get(sim, '/tickets/past', { id })).status).toBe(404);
    const listed = await get<{ id: number }[]>(sim, '/tickets', {
      $select: 'id',
      $filter: `lastUpdate ge ${new Date(started).toISOString()}`,
    });
    expect(listed.body.map((t) => t.id)).toContain(id);
  });

  it('creates tickets with the next id', async () => {
    const maxBefore = Math.max(...sim.truth().ticketIndex.map((t) => t.id));
    const change = churnUntil('ticketCreated');
    expect(change.id).toBeGreaterThan(maxBefore);
    const r = await get<Ticket>(sim, '/tickets', { id: change.id as number });
    expect(r.status).toBe(200);
    expect(r.body.baseStatus).toBe('New');
    expect(r.body.resolvedIn).toBeNull();
  });

  it('updates persons with changedDate = now', async () => {
    const started = sim.now();
    const change = churnUntil('personUpdated');
    const r = await get<{ id: string; changedDate: string }[]>(sim, '/persons', {
      $select: 'id,changedDate',
      $filter: `changedDate ge ${new Date(started).toISOString()}`,
    });
    const changed = r.body.find((p) => p.id === change.id);
    expect(changed && ms(changed.changedDate)).toBe(started);
  });

  it('churns every K API requests when enabled', async () => {
    sim.setOptions({ churn: { enabled: true, everyRequests: 2, batch: 1 } });
    sim.resetStats();
    for (let i = 0; i < 10; i++) await get(sim, '/services', { $select: 'id' });
    sim.setOptions({ churn: { enabled: false } });
    expect(sim.stats().churnChanges).toBe(5);
  });

  it('is reachable over HTTP', async () => {
    const res = await fetch(`http://127.0.0.1:${sim.port}/__simulator/churn?n=3`, { method: 'POST' });
    const body = (await res.json()) as { changes: ChurnChange[] };
    expect(body.changes).toHaveLength(3);
  });
});
