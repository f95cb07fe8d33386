import { describe, expect, it } from 'vitest';
import { DataStore } from '../../simulator/data/store.js';
import { STAMP_7 } from './helpers.js';

const NOW = Date.UTC(2026, 5, 15, 12);
const make = (seed: number, tickets = 300) =>
  new DataStore({ seed, tickets, persons: 80, baseNow: NOW, cacheSize: 50 });

describe('generated data', () => {
  it('is deterministic: same seed and now give identical data', () => {
    const a = make(1).truth('x');
    const b = make(1).truth('x');
    expect(b.tickets).toEqual(a.tickets);
    expect(b.persons).toEqual(a.persons);
    expect(b.surveyResponses).toEqual(a.surveyResponses);
    expect(b.consumptions).toEqual(a.consumptions);
    expect(make(2).truth('x').tickets).not.toEqual(a.tickets);
  });

  it('rebuilds an evicted ticket identically (generation on demand)', () => {
    const store = make(3);
    const head = store.index.heads[10];
    if (!head) throw new Error('fixture');
    const first = structuredClone(store.ticket(head));
    for (const h of store.index.heads.slice(20, 200)) store.ticket(h); // evicts it from the 50-entry LRU
    expect(store.ticket(head)).toEqual(first);
  });

  it('spreads lastUpdate over about three years, with a minority in the last 90 days', () => {
    const { ticketIndex } = make(4, 3000).truth('x');
    const age = (s: string) => (NOW - Date.parse(`${s.slice(0, 23)}Z`)) / 86_400_000;
    const ages = ticketIndex.map((t) => age(t.lastUpdate));
    const recent = ages.filter((d) => d < 90).length / ages.length;
    expect(recent).toBeGreaterThan(0.05);
    expect(recent).toBeLessThan(0.25);
    expect(Math.max(...ages)).toBeGreaterThan(2.5 * 365);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
  });

  it('formats timestamps like .NET (up to 7 fraction digits, no offset)', () => {
    const t = make(5).truth('x').tickets;
    const stamps = t.flatMap((x) => [x.createdDate, x.lastUpdate, ...x.actions.map((a) => a.createdDate)]);
    expect(stamps.every((s) => STAMP_7.test(s))).toBe(true);
    expect(stamps.filter((s) => /\.\d{7}$/.test(s)).length / stamps.length).toBeGreaterThan(0.8);
    const expenses = t.flatMap((x) => x.actions.flatMap((a) => a.expenses));
    expect(expenses.length).toBeGreaterThan(0);
    expect(expenses.every((e) => /T\d{2}:\d{2}:00$/.test(e.date))).toBe(true);
  });

  it('has every ticket collection populated somewhere', () => {
    const t = make(6, 800).truth('x').tickets;
    const some = (f: (x: (typeof t)[number]) => boolean) => t.some(f);
    expect(some((x) => x.actions.some((a) => a.attachments.length > 0))).toBe(true);
    expect(some((x) => x.actions.some((a) => a.expenses.length > 0))).toBe(true);
    expect(some((x) => x.clients.some((c) => c.organization !== null))).toBe(true);
    expect(some((x) => x.clients.some((c) => c.isDeleted))).toBe(true);
    expect(some((x) => x.customFieldValues.some((c) => c.items.length > 0))).toBe(true);
    expect(
      some((x) => x.customFieldValues.some((c) => /^\d{1,3}(\.\d{3})*,\d{2}$/.test(c.value ?? ''))),
    ).toBe(true);
    expect(some((x) => x.ownerHistories.length > 1)).toBe(true);
    expect(some((x) => x.statusHistories.length > 2)).toBe(true);
    expect(some((x) => x.assets.length > 0)).toBe(true);
    expect(some((x) => x.parentTickets.length > 0)).toBe(true);
    expect(some((x) => x.id < 0)).toBe(true);
  });
});
