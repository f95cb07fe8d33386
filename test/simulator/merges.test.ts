import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../../simulator/cli.js';
import type { GroundTruth, Simulator, Ticket } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (stamp: string) => Date.parse(`${stamp.slice(0, 19)}Z`);

interface MergeObject {
  ticketId: number;
  mergedTicketsIds?: string | number[];
  mergedTicketsId?: number;
  lastUpdate: string;
}
interface Envelope {
  mergedTickets: MergeObject[];
  pageNumber?: string;
  totalPages?: number;
}

/** The truth's merges (one row per absorbed ticket) whose group lastUpdate lies in [from, to). */
const truthBetween = (truth: GroundTruth, from: number, to: number) =>
  truth.ticketMerges
    .filter((m) => ms(m.lastUpdate) >= from && ms(m.lastUpdate) < to)
    .map((m) => `${m.ticketId}>${m.mergedTicketId}`)
    .sort();

const rowsOf = (items: MergeObject[]) =>
  items
    .flatMap((item) => {
      const ids =
        item.mergedTicketsId !== undefined
          ? [item.mergedTicketsId]
          : Array.isArray(item.mergedTicketsIds)
            ? item.mergedTicketsIds
            : String(item.mergedTicketsIds).split(';').map(Number);
      return ids.map((id) => `${item.ticketId}>${id}`);
    })
    .sort();

describe('/tickets/merged', () => {
  let sim: Simulator;
  let truth: GroundTruth;
  /** A 7-day window (endDate inclusive) holding at least two groups. */
  let busy: { start: number; end: number };

  beforeAll(async () => {
    sim = await startUnlimited({ seed: 3, tickets: 2000, merges: { rate: 0.3, pageSize: 2 } });
    truth = sim.truth();
    const byWeek = new Map<number, number>();
    for (const m of truth.ticketMerges) {
      const week = Math.floor(ms(m.lastUpdate) / (7 * DAY));
      byWeek.set(week, (byWeek.get(week) ?? 0) + 1);
    }
    const week = [...byWeek].find(([, count]) => count >= 5)?.[0] as number;
    busy = { start: week * 7 * DAY, end: week * 7 * DAY + 6 * DAY };
  });
  afterAll(() => sim.close());

  it('serves one object per merge group: mergedTickets, "pageNumber": "x of N", ids joined with ;, lastUpdate "YYYY-MM-DD HH:MM:SS" in UTC', async () => {
    const pages: MergeObject[] = [];
    const first = await get<Envelope>(sim, '/tickets/merged', {
      startDate: day(busy.start),
      endDate: day(busy.end),
    });
    expect(first.status).toBe(200);
    const total = Number(/^1 of (\d+)$/.exec(first.body.pageNumber ?? '')?.[1]);
    expect(total).toBeGreaterThan(1);
    expect(first.body.mergedTickets).toHaveLength(2);
    pages.push(...first.body.mergedTickets);
    for (let page = 2; page <= total; page++) {
      const next = await get<Envelope>(sim, '/tickets/merged', {
        startDate: day(busy.start),
        endDate: day(busy.end),
        page,
      });
      expect(next.body.pageNumber).toBe(`${page} of ${total}`);
      pages.push(...next.body.mergedTickets);
    }
    expect(rowsOf(pages)).toEqual(truthBetween(truth, busy.start, busy.end + DAY));
    for (const item of pages) {
      expect(item.mergedTicketsIds).toMatch(/^\d+(;\d+)*$/);
      expect(item.lastUpdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      const row = truth.ticketMerges.find((m) => m.ticketId === item.ticketId);
      expect(item.lastUpdate).toBe(row?.lastUpdate.replace('T', ' '));
    }
    // Past the last page: nothing matches.
    const past = await get(sim, '/tickets/merged', {
      startDate: day(busy.start),
      endDate: day(busy.end),
      page: total + 1,
    });
    expect(past.status).toBe(404);
  });

  it('answers 404 with its own message (not ASP.NET route-missing text) when no merge falls in the window', async () => {
    const r = await get<{ Message: string }>(sim, '/tickets/merged', {
      startDate: '2001-01-01',
      endDate: '2001-01-07',
    });
    expect(r.status).toBe(404);
    expect(r.body.Message).toBe('Nenhum ticket mesclado encontrado.');
    expect(r.body.Message).not.toMatch(/No HTTP resource/);
  });

  it('rejects a window longer than 7 days (endDate inclusive) with a 400 naming the limit; 7 days pass', async () => {
    const eight = await get<{ Message: string }>(sim, '/tickets/merged', {
      startDate: day(busy.start),
      endDate: day(busy.start + 7 * DAY),
    });
    expect(eight.status).toBe(400);
    expect(eight.body.Message).toBe('O período entre startDate e endDate não pode ser maior que 7 dias.');
    const seven = await get(sim, '/tickets/merged', {
      startDate: day(busy.start),
      endDate: day(busy.start + 6 * DAY),
    });
    expect(seven.status).toBe(200);
    // Without endDate the window runs to today, so an old startDate breaks the limit too.
    expect((await get(sim, '/tickets/merged', { startDate: day(busy.start) })).status).toBe(400);
    expect((await get(sim, '/tickets/merged', {})).status).toBe(400);
    expect((await get(sim, '/tickets/merged', { startDate: 'yesterday' })).status).toBe(400);
  });

  it('serves merges consistent with the tickets: both exist, the merge lies between their creation and their lastUpdate, no chains', async () => {
    expect(truth.ticketMerges.length).toBeGreaterThan(50);
    const absorbed = new Set(truth.ticketMerges.map((m) => m.mergedTicketId));
    expect(absorbed.size).toBe(truth.ticketMerges.length);
    for (const merge of truth.ticketMerges) {
      expect(absorbed.has(merge.ticketId)).toBe(false);
      const target = truth.ticket(merge.ticketId) as Ticket;
      const gone = truth.ticket(merge.mergedTicketId) as Ticket;
      expect(target.isDeleted || gone.isDeleted).toBe(false);
      // lastUpdate is the group's latest merge: after both creations, no later than the target's lastUpdate.
      const at = ms(merge.lastUpdate);
      expect(at).toBeGreaterThan(ms(gone.createdDate));
      expect(at).toBeGreaterThan(ms(target.createdDate));
      expect(at).toBeLessThanOrEqual(ms(target.lastUpdate));
    }
    // An absorbed ticket is still served by one of the routes.
    const sample = truth.ticketMerges[0]?.mergedTicketId as number;
    const recent = await get(sim, '/tickets', { id: sample });
    const past = await get(sim, '/tickets/past', { id: sample });
    expect([recent.status, past.status].sort()).toEqual([200, 404]);
  });

  it('looks up the merges into one ticket with ticketId (or id), 404 for a ticket without', async () => {
    const merge = truth.ticketMerges[0];
    const r = await get<MergeObject>(sim, '/tickets/merged', { ticketId: merge?.ticketId as number });
    expect(r.status).toBe(200);
    expect(rowsOf([r.body])).toContain(`${merge?.ticketId}>${merge?.mergedTicketId}`);
    expect((await get(sim, '/tickets/merged', { id: merge?.mergedTicketId as number })).status).toBe(404);
  });

  it('merges tickets in churn: the merge is listed at now, both tickets changed, the truth has it', async () => {
    const started = sim.now();
    let change: { id: string | number } | undefined;
    for (let i = 0; i < 500 && !change; i++) change = sim.churn(1).find((c) => c.kind === 'ticketMerged');
    const id = change?.id as number;
    const merge = sim.truth().ticketMerges.find((m) => m.mergedTicketId === id);
    expect(merge).toBeDefined();
    expect(ms(merge?.lastUpdate as string)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    for (const ticketId of [merge?.ticketId, id]) {
      const ticket = await get<Ticket>(sim, '/tickets', {
        id: ticketId as number,
        includeDeletedItems: true,
      });
      expect(ticket.status).toBe(200);
      expect(ms(ticket.body.lastUpdate)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    }
    const today = await get<Envelope>(sim, '/tickets/merged', { startDate: day(sim.now()) });
    expect(rowsOf(today.body.mergedTickets)).toContain(`${merge?.ticketId}>${id}`);
    // The snapshot taken before the churn does not change.
    expect(truth.ticketMerges.some((m) => m.mergedTicketId === id)).toBe(false);
  });
});

describe('/tickets/merged variants', () => {
  let sim: Simulator;
  let window: { startDate: string; endDate: string };
  let expected: string[];

  beforeAll(async () => {
    sim = await startUnlimited({ seed: 3, tickets: 2000, merges: { rate: 0.3 } });
    const truth = sim.truth();
    const at = ms(truth.ticketMerges[10]?.lastUpdate as string);
    const start = Math.floor(at / DAY) * DAY;
    window = { startDate: day(start), endDate: day(start + 6 * DAY) };
    expected = truthBetween(truth, start, start + 7 * DAY);
  });
  afterAll(() => sim.close());

  const fetchWith = async (merges: Record<string, unknown>, params: Record<string, string> = window) => {
    sim.setOptions({ merges });
    try {
      return await get<unknown>(sim, '/tickets/merged', params);
    } finally {
      sim.setOptions({
        merges: {
          shape: 'pageNumber',
          ids: 'joined',
          lastUpdate: 'space',
          empty: '404',
          maxWindowDays: 7,
          pageSize: 25,
        },
      });
    }
  };

  it('totalPages instead of pageNumber', async () => {
    const r = await fetchWith({ shape: 'totalPages' });
    expect(r.body).toEqual({ mergedTickets: expect.any(Array), totalPages: 1 });
    expect(rowsOf((r.body as Envelope).mergedTickets)).toEqual(expected);
  });

  it('a bare list of merge objects', async () => {
    const r = await fetchWith({ shape: 'list' });
    expect(Array.isArray(r.body)).toBe(true);
    expect(rowsOf(r.body as MergeObject[])).toEqual(expected);
  });

  it('ids as a JSON list, and one object per absorbed ticket with mergedTicketsId', async () => {
    const list = (await fetchWith({ ids: 'list' })).body as Envelope;
    expect(Array.isArray(list.mergedTickets[0]?.mergedTicketsIds)).toBe(true);
    expect(rowsOf(list.mergedTickets)).toEqual(expected);
    const single = (await fetchWith({ ids: 'single' })).body as Envelope;
    expect(single.mergedTickets.every((item) => typeof item.mergedTicketsId === 'number')).toBe(true);
    expect(single.mergedTickets).toHaveLength(expected.length);
    expect(rowsOf(single.mergedTickets)).toEqual(expected);
  });

  it('lastUpdate with a Brasília offset, or bare UTC like other Movidesk timestamps: the same instant', async () => {
    const space = ((await fetchWith({})).body as Envelope).mergedTickets[0]?.lastUpdate as string;
    const offset = ((await fetchWith({ lastUpdate: 'offset' })).body as Envelope).mergedTickets[0]
      ?.lastUpdate as string;
    const utc = ((await fetchWith({ lastUpdate: 'utc' })).body as Envelope).mergedTickets[0]
      ?.lastUpdate as string;
    expect(offset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000-03:00$/);
    expect(utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(offset)).toBe(Date.parse(`${space.replace(' ', 'T')}Z`));
    expect(Date.parse(`${utc}Z`)).toBe(Date.parse(offset));
  });

  it('an empty answer instead of 404, and no window limit (endDate defaults to today), behind switches', async () => {
    const empty = await fetchWith({ empty: 'empty' }, { startDate: '2001-01-01', endDate: '2001-01-07' });
    expect(empty.status).toBe(200);
    expect((empty.body as Envelope).mergedTickets).toEqual([]);
    const all = await fetchWith({ maxWindowDays: 0, pageSize: 1000 }, { startDate: '2001-01-01' });
    expect(all.status).toBe(200);
    expect(rowsOf((all.body as Envelope).mergedTickets)).toHaveLength(sim.truth().ticketMerges.length);
  });

  it('an account without the route: ASP.NET 404 "No HTTP resource was found ..." (account.missingRoutes)', async () => {
    sim.setOptions({ account: { missingRoutes: ['/tickets/merged'] } });
    try {
      const r = await get<{ Message: string }>(sim, '/tickets/merged', window);
      expect(r.status).toBe(404);
      expect(r.body.Message).toMatch(
        /^No HTTP resource was found that matches the request URI '.*\/tickets\/merged\?/,
      );
      expect(r.text).not.toContain(sim.token);
    } finally {
      sim.setOptions({ account: { missingRoutes: [] } });
    }
  });
});

describe('simulator CLI flags for /tickets/merged', () => {
  it('map to merges.* and account.missingRoutes; a value outside the choices is an error', () => {
    expect(
      optionsFromArgs([
        '--merge-rate',
        '0.1',
        '--merges-shape',
        'list',
        '--merges-ids',
        'single',
        '--merges-last-update',
        'offset',
        '--merges-max-window-days',
        '0',
        '--merges-empty',
        'empty',
        '--merges-page-size',
        '3',
        '--missing-route',
        '/tickets/merged',
      ]),
    ).toMatchObject({
      merges: {
        rate: 0.1,
        shape: 'list',
        ids: 'single',
        lastUpdate: 'offset',
        maxWindowDays: 0,
        empty: 'empty',
        pageSize: 3,
      },
      account: { missingRoutes: ['/tickets/merged'] },
    });
    expect(() => optionsFromArgs(['--merges-shape', 'xml'])).toThrow(
      "--merges-shape expects one of pageNumber, totalPages, list, got 'xml'",
    );
  });
});
