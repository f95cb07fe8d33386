import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth, Simulator } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

type Row = Record<string, unknown> & { id: number; lastUpdate: string };

let sim: Simulator;
let truth: GroundTruth;
const DAY = 86_400_000;
const ms = (stamp: string) => Date.parse(`${stamp.slice(0, 23)}Z`);

beforeAll(async () => {
  sim = await startUnlimited({ seed: 7, tickets: 600 });
  truth = sim.truth();
});
afterAll(() => sim.close());

const isRecent = (t: { lastUpdate: string }) => ms(t.lastUpdate) >= sim.now() - 90 * DAY;

async function keyset(path: string, extra: Record<string, string> = {}): Promise<Row[]> {
  const all: Row[] = [];
  let last = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const filter = [extra.$filter, `id gt ${last}`].filter(Boolean).join(' and ');
    const r = await get<Row[]>(sim, path, {
      ...extra,
      $select: 'id,lastUpdate',
      $filter: filter,
      $orderby: 'id',
      $top: 100,
    });
    expect(r.status).toBe(200);
    if (r.body.length === 0) return all;
    all.push(...r.body);
    last = r.body[r.body.length - 1]?.id ?? last;
  }
}

describe('authentication', () => {
  it('answers 401 with the ASP.NET message for a missing or wrong token', async () => {
    for (const token of ['', 'not-the-token']) {
      const r = await get(sim, '/tickets', { $select: 'id' }, token);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ Message: 'Authorization has been denied for this request.' });
    }
  });
});

describe('list rules', () => {
  it('requires $select on /tickets and /tickets/past lists', async () => {
    for (const path of ['/tickets', '/tickets/past']) {
      const r = await get(sim, path, { $top: 5 });
      expect(r.status).toBe(400);
      expect((r.body as { Message: string }).Message).toMatch(/\$select/);
    }
  });

  it('caps $top silently at the configured maximum, which is also the default', async () => {
    expect((await get<Row[]>(sim, '/tickets/past', { $select: 'id', $top: 500 })).body).toHaveLength(100);
    expect((await get<Row[]>(sim, '/tickets/past', { $select: 'id' })).body).toHaveLength(100);
    expect((await get<Row[]>(sim, '/tickets/past', { $select: 'id', $top: 7 })).body).toHaveLength(7);
    sim.setOptions({ maxTop: 40 });
    expect((await get<Row[]>(sim, '/tickets/past', { $select: 'id', $top: 100 })).body).toHaveLength(40);
    sim.setOptions({ maxTop: 100 });
  });

  it('rejects a datetime literal without Z, unknown properties and unsupported options with 400', async () => {
    const noZ = await get(sim, '/tickets', { $select: 'id', $filter: 'lastUpdate ge 2024-01-01T00:00:00' });
    expect(noZ.status).toBe(400);
    expect((noZ.body as { Message: string }).Message).toMatch(/Unrecognized 'Edm.DateTimeOffset' literal/);
    const unknown = await get(sim, '/tickets', { $select: 'id,X' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      Message:
        "The query specified in the URI is not valid. Could not find a property named 'X' on type 'TicketApiDto'.",
    });
    expect((await get(sim, '/tickets', { $select: 'id', $count: 'true' })).status).toBe(400);
    expect((await get(sim, '/tickets', { $select: 'id', $expand: 'ownerTeam' })).status).toBe(400);
    expect((await get(sim, '/tickets/$count', { $select: 'id' })).status).toBe(404);
  });

  it('orders by id by default and honours $orderby and $skip', async () => {
    const plain = (await get<Row[]>(sim, '/tickets/past', { $select: 'id', $top: 50 })).body.map((r) => r.id);
    expect(plain).toEqual([...plain].sort((a, b) => a - b));
    const byDate = (
      await get<Row[]>(sim, '/tickets/past', {
        $select: 'id,lastUpdate',
        $orderby: 'lastUpdate desc,id',
        $top: 30,
      })
    ).body;
    const dates = byDate.map((r) => r.lastUpdate.padEnd(27, '0'));
    expect(dates).toEqual([...dates].sort().reverse());
    const skipped = (await get<Row[]>(sim, '/tickets/past', { $select: 'id', $top: 10, $skip: 5 })).body.map(
      (r) => r.id,
    );
    expect(skipped).toEqual(plain.slice(5, 15));
  });
});

describe('the 90-day split', () => {
  it('serves recent tickets on /tickets and older ones on /tickets/past, each exactly once', async () => {
    const recent = await keyset('/tickets', { includeDeletedItems: 'true' });
    const past = await keyset('/tickets/past', { includeDeletedItems: 'true' });
    expect(recent.every(isRecent)).toBe(true);
    expect(past.some(isRecent)).toBe(false);
    const ids = [...recent, ...past].map((r) => r.id).sort((a, b) => a - b);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(truth.ticketIndex.map((t) => t.id));
    // A realistic share is recent, most are old.
    expect(recent.length / ids.length).toBeGreaterThan(0.04);
    expect(recent.length / ids.length).toBeLessThan(0.3);
  });

  it('hides deleted tickets unless includeDeletedItems=true', async () => {
    const visible = [...(await keyset('/tickets')), ...(await keyset('/tickets/past'))]
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(visible).toEqual(truth.ticketIndex.filter((t) => !t.isDeleted).map((t) => t.id));
    expect(truth.ticketIndex.some((t) => t.isDeleted)).toBe(true);
    expect(truth.ticketIndex.some((t) => t.id < 0)).toBe(true);
  });

  it('pages a lastUpdate window by id (the keyset a tap uses)', async () => {
    const from = new Date(sim.now() - 400 * DAY).toISOString();
    const to = new Date(sim.now() - 200 * DAY).toISOString();
    const rows = await keyset('/tickets/past', { $filter: `lastUpdate ge ${from} and lastUpdate lt ${to}` });
    const expected = truth.ticketIndex.filter(
      (t) => !t.isDeleted && ms(t.lastUpdate) >= Date.parse(from) && ms(t.lastUpdate) < Date.parse(to),
    );
    expect(rows.map((r) => r.id)).toEqual(expected.map((t) => t.id));
  });

  it('answers single gets only on the right route (404 on the other)', async () => {
    const t = truth.tickets.find((x) => !x.isDeleted && isRecent(x));
    const old = truth.tickets.find((x) => !x.isDeleted && !isRecent(x));
    if (!t || !old) throw new Error('fixture');
    expect((await get(sim, '/tickets', { id: t.id })).status).toBe(200);
    expect((await get(sim, '/tickets/past', { id: t.id })).status).toBe(404);
    expect((await get(sim, '/tickets/past', { id: old.id })).status).toBe(200);
    expect((await get(sim, '/tickets', { id: old.id })).status).toBe(404);
    expect((await get(sim, '/tickets', { id: 99_999_999 })).status).toBe(404);
  });
});

describe('switches for UNCERTAIN behaviour', () => {
  it('can serve single gets on either route and show deleted tickets without the flag', async () => {
    const old = truth.ticketIndex.find((t) => !t.isDeleted && !isRecent(t));
    const deleted = truth.ticketIndex.find((t) => t.isDeleted && !isRecent(t));
    if (!old || !deleted) throw new Error('fixture');
    sim.setOptions({ quirks: { singleGetRespectsSplit: false, deletedTicketsNeedFlag: false } });
    try {
      expect((await get(sim, '/tickets', { id: old.id })).status).toBe(200);
      expect((await get(sim, '/tickets/past', { id: deleted.id })).status).toBe(200);
      const rows = await get<Row[]>(sim, '/tickets/past', { $select: 'id', $filter: `id eq ${deleted.id}` });
      expect(rows.body).toEqual([{ id: deleted.id }]);
    } finally {
      sim.setOptions({ quirks: { singleGetRespectsSplit: true, deletedTicketsNeedFlag: true } });
    }
  });

  it('can make $select optional on /tickets/past', async () => {
    sim.setOptions({ quirks: { pastRequiresSelect: false } });
    try {
      const r = await get<Row[]>(sim, '/tickets/past', { $top: 2 });
      expect(r.status).toBe(200);
      expect(r.body[0]).toHaveProperty('subject');
      expect(r.body[0]).not.toHaveProperty('actions');
    } finally {
      sim.setOptions({ quirks: { pastRequiresSelect: true } });
    }
  });
});

describe('other ticket lookups', () => {
  it('finds a ticket by protocol and serves /tickets/htmldescription', async () => {
    const t = truth.tickets.find((x) => x.protocol !== null && !x.isDeleted);
    if (!t?.protocol) throw new Error('fixture');
    const path = isRecent(t) ? '/tickets' : '/tickets/past';
    expect((await get<{ id: number }>(sim, path, { protocol: t.protocol })).body.id).toBe(t.id);
    const action = t.actions.find((a) => !a.isDeleted);
    const html = await get(sim, '/tickets/htmldescription', { id: t.id, actionId: action?.id ?? 1 });
    expect(html.body).toEqual({ id: t.id, description: action?.htmlDescription });
  });
});
