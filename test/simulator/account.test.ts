import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import { get, STAMP_7, startUnlimited } from './helpers.js';

/** The simulator's `account` switches: how a real account differs from the documentation. */
describe('account surprises', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startUnlimited({ seed: 3, tickets: 60 });
  });
  afterAll(() => sim.close());
  const reset = () =>
    sim.setOptions({
      account: {
        missingProperties: [],
        stringCollections: [],
        forbiddenRoutes: [],
        scalarsAsStrings: false,
        nullCollections: false,
        datetimeOffsets: false,
      },
    });

  it('a property the account lacks is a 400 naming it, at any level; other types keep theirs', async () => {
    reset();
    sim.setOptions({ account: { missingProperties: ['TicketStatusHistoryApiDto.changedByTeam'] } });
    const nested = await get(sim, '/tickets', {
      $select: 'id,statusHistories',
      $expand: 'statusHistories($select=status,changedByTeam;$expand=changedByTeam)',
    });
    expect(nested.status).toBe(400);
    expect(nested.text).toContain(
      "Could not find a property named 'changedByTeam' on type 'TicketStatusHistoryApiDto'.",
    );
    const plain = await get(sim, '/tickets', {
      $select: 'id,statusHistories',
      $expand: 'statusHistories($select=status)',
    });
    expect(plain.status).toBe(200);
    expect((plain.body as { statusHistories: object[] }[])[0]?.statusHistories.length).toBeGreaterThan(0);
  });

  it('a collection served as plain strings cannot be expanded, and selected it is a list of strings', async () => {
    reset();
    sim.setOptions({ account: { stringCollections: ['TimeAgreementApiDto.emailDestinations'] } });
    const expanded = await get(sim, '/timeAgreement', {
      $select: 'id,emailDestinations',
      $expand: 'emailDestinations',
    });
    expect(expanded.status).toBe(400);
    expect(expanded.text).toContain(
      "Property 'emailDestinations' on type 'TimeAgreementApiDto' is not a navigation property or complex property. Only navigation properties can be expanded.",
    );
    const selected = await get<{ emailDestinations: unknown[] }[]>(sim, '/timeAgreement', {
      $select: 'id,emailDestinations',
    });
    expect(selected.status).toBe(200);
    const lists = selected.body.map((row) => row.emailDestinations);
    expect(lists.some((list) => list.length > 0)).toBe(true);
    for (const list of lists) for (const item of list) expect(item).toMatch(/@/);
  });

  it('a forbidden route answers 403 to a good token while other routes answer 200', async () => {
    reset();
    sim.setOptions({ account: { forbiddenRoutes: ['/timeAgreement'] } });
    expect((await get(sim, '/timeAgreement', { $select: 'id' })).status).toBe(403);
    expect((await get(sim, '/TIMEAGREEMENT', { $select: 'id' })).status).toBe(403);
    expect((await get(sim, '/services', { $select: 'id' })).status).toBe(200);
  });

  it('numbers and booleans as strings, empty collections as null, timestamps with a -03:00 offset', async () => {
    reset();
    const query = { $select: 'id,lastUpdate,isDeleted,parentTickets', $expand: 'parentTickets($select=id)' };
    const plain = await get<Record<string, unknown>[]>(sim, '/tickets', query);
    sim.setOptions({ account: { scalarsAsStrings: true, nullCollections: true, datetimeOffsets: true } });
    const odd = await get<Record<string, unknown>[]>(sim, '/tickets', query);
    expect(odd.body).toHaveLength(plain.body.length);
    plain.body.forEach((row, index) => {
      const other = odd.body[index] as Record<string, unknown>;
      expect(other.id).toBe(String(row.id));
      expect(other.isDeleted).toBe(String(row.isDeleted));
      expect(row.lastUpdate).toMatch(STAMP_7);
      expect(other.lastUpdate).toMatch(/-03:00$/);
      expect(Date.parse(other.lastUpdate as string)).toBe(
        Date.parse(`${(row.lastUpdate as string).slice(0, 23)}Z`),
      );
      const parents = row.parentTickets as unknown[];
      if (parents.length === 0) expect(other.parentTickets).toBeNull();
      else
        expect((other.parentTickets as { id: unknown }[]).map((p) => p.id)).toEqual(
          parents.map((p) => String((p as { id: number }).id)),
        );
    });
    expect(plain.body.some((row) => (row.parentTickets as unknown[]).length === 0)).toBe(true);
  });
});
