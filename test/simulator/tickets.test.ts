import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth, Simulator, Ticket } from '../../simulator/index.js';
import { get, STAMP_7, startUnlimited } from './helpers.js';

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
const routeOf = (t: Ticket) => (isRecent(t) ? '/tickets' : '/tickets/past');

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

describe('ticket shape', () => {
  it('returns the full object on single get: every collection, htmlDescription, API nulls and formats', async () => {
    const t = truth.tickets.find((x) => !x.isDeleted && x.actions.some((a) => a.timeAppointments.length > 0));
    if (!t) throw new Error('fixture');
    const r = await get<Ticket>(sim, routeOf(t), { id: t.id });
    expect(r.status).toBe(200);
    const body = r.body;
    for (const key of [
      'clients',
      'actions',
      'parentTickets',
      'childrenTickets',
      'ownerHistories',
      'statusHistories',
      'customFieldValues',
      'assets',
    ]) {
      expect(Array.isArray((body as unknown as Record<string, unknown>)[key])).toBe(true);
    }
    expect(body).toHaveProperty('lifeTimeWorkingTime');
    expect(body).not.toHaveProperty('lifetimeWorkingTime');
    expect(body).toHaveProperty('canceledIn');
    expect(body.createdDate).toMatch(STAMP_7);
    expect(body.lastUpdate).toMatch(STAMP_7);
    expect(body.actions[0]?.htmlDescription).toMatch(/^<p>/);
    const appt = body.actions.flatMap((a) => a.timeAppointments)[0];
    expect(appt?.date).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    expect(appt?.periodStart).toMatch(/^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/);
    expect(appt?.workTime).toMatch(/^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/);
    expect(typeof appt?.accountedTime).toBe('number');
    expect(appt?.createdByTeam).toEqual({ id: expect.any(Number), name: expect.any(String) });
    expect(Object.keys(body.clients[0] ?? {})).toEqual(
      expect.arrayContaining([
        'id',
        'personType',
        'profileType',
        'businessName',
        'email',
        'phone',
        'address',
        'complement',
        'cep',
        'city',
        'bairro',
        'number',
        'reference',
        'pathPicture',
        'isDeleted',
        'organization',
      ]),
    );
  });

  it('uses realistic nulls and text', () => {
    const open = truth.tickets.filter((t) => ['New', 'InAttendance', 'Stopped'].includes(t.baseStatus));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((t) => t.resolvedIn === null && t.closedIn === null)).toBe(true);
    expect(truth.tickets.some((t) => t.protocol === null)).toBe(true);
    expect(truth.tickets.some((t) => t.owner === null)).toBe(true);
    expect(truth.tickets.some((t) => t.justification === null)).toBe(true);
    const text = truth.tickets
      .flatMap((t) => [t.subject, ...t.actions.map((a) => a.description)])
      .join('\u0000');
    expect(text).toMatch(/[áéíóúãõçÁÉÍÓÚÂÊÔ]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    expect(text).toMatch(/"/);
    expect(text).toMatch(/\n/);
  });

  it('keeps parent/children links consistent between tickets', () => {
    const byId = new Map(truth.tickets.map((t) => [t.id, t]));
    const links = truth.tickets.flatMap((t) => t.childrenTickets.map((c) => ({ parent: t, child: c })));
    expect(links.length).toBeGreaterThan(0);
    for (const { parent, child } of links) {
      const other = byId.get(child.id);
      expect(other?.parentTickets.find((p) => p.id === parent.id)).toEqual({
        id: parent.id,
        subject: parent.subject,
        isDeleted: child.isDeleted,
      });
      expect(child.subject).toBe(other?.subject);
    }
  });

  it('shapes nested $expand/$select in lists exactly', async () => {
    const r = await get<Row[]>(sim, '/tickets/past', {
      $select: 'id,owner,clients,actions',
      $expand:
        'owner,clients($select=id,businessName,organization;$expand=organization),actions($select=id,createdBy,timeAppointments;$expand=createdBy,timeAppointments($select=id,createdBy;$expand=createdBy))',
      $top: 100,
    });
    expect(r.status).toBe(200);
    let appointments = 0;
    for (const row of r.body) {
      expect(Object.keys(row).sort()).toEqual(['actions', 'clients', 'id', 'owner']);
      for (const c of row.clients as Record<string, unknown>[])
        expect(Object.keys(c).sort()).toEqual(['businessName', 'id', 'organization']);
      for (const a of row.actions as Record<string, unknown>[]) {
        expect(Object.keys(a).sort()).toEqual(['createdBy', 'id', 'timeAppointments']);
        expect(a).not.toHaveProperty('htmlDescription');
        for (const ta of a.timeAppointments as Record<string, unknown>[]) {
          appointments++;
          expect(Object.keys(ta).sort()).toEqual(['createdBy', 'id']);
          expect(ta.createdBy).toHaveProperty('businessName');
        }
      }
    }
    expect(appointments).toBeGreaterThan(0);
  });

  it('leaves out navigations that are expanded but not selected, and scalars not selected', async () => {
    const r = await get<Row[]>(sim, '/tickets/past', {
      $select: 'id,tags,serviceFull',
      $expand: 'owner,actions',
      $top: 5,
    });
    for (const row of r.body) expect(Object.keys(row).sort()).toEqual(['id', 'serviceFull', 'tags']);
  });

  it('filters on navigation paths and any() lambdas like the real API', async () => {
    const withOwner = truth.tickets.find((t) => t.owner && !t.isDeleted && !isRecent(t));
    if (!withOwner?.owner) throw new Error('fixture');
    const ownerId = withOwner.owner.id;
    const r = await get<Row[]>(sim, '/tickets/past', {
      $select: 'id',
      $filter: `owner/id eq '${ownerId}'`,
      $top: 100,
    });
    const expected = truth.tickets
      .filter((t) => !t.isDeleted && !isRecent(t) && t.owner?.id === ownerId)
      .map((t) => t.id);
    expect(r.body.map((x) => x.id)).toEqual(expected.slice(0, 100));
    const clientId = withOwner.clients.find((c) => !c.isDeleted)?.id ?? '';
    const any = await get<Row[]>(sim, '/tickets/past', {
      $select: 'id',
      $filter: `clients/any(c: c/id eq '${clientId}')`,
    });
    expect(any.body.map((x) => x.id)).toContain(withOwner.id);
  });
});

describe('includeDeletedItems', () => {
  it('shows deleted actions, clients and links only with the flag', async () => {
    const t = truth.tickets.find((x) => !x.isDeleted && x.actions.some((a) => a.isDeleted));
    if (!t) throw new Error('fixture');
    const path = routeOf(t);
    const without = await get<Ticket>(sim, path, { id: t.id });
    const withFlag = await get<Ticket>(sim, path, { id: t.id, includeDeletedItems: 'true' });
    expect(without.body.actions.some((a) => a.isDeleted)).toBe(false);
    expect(withFlag.body.actions.filter((a) => a.isDeleted).length).toBe(
      t.actions.filter((a) => a.isDeleted).length,
    );
    const list = await get<Ticket[]>(sim, path, {
      $select: 'id,actions',
      $expand: 'actions($select=id,isDeleted)',
      $filter: `id eq ${t.id}`,
      includeDeletedItems: 'true',
    });
    expect(list.body[0]?.actions).toHaveLength(t.actions.length);
    const listHidden = await get<Ticket[]>(sim, path, {
      $select: 'id,actions',
      $expand: 'actions($select=id,isDeleted)',
      $filter: `id eq ${t.id}`,
    });
    expect(listHidden.body[0]?.actions).toHaveLength(t.actions.filter((a) => !a.isDeleted).length);

    const withDeletedLink = truth.tickets.find(
      (x) => !x.isDeleted && [...x.parentTickets, ...x.childrenTickets].some((l) => l.isDeleted),
    );
    if (withDeletedLink) {
      const p = routeOf(withDeletedLink);
      const a = await get<Ticket>(sim, p, { id: withDeletedLink.id });
      const b = await get<Ticket>(sim, p, { id: withDeletedLink.id, includeDeletedItems: 'true' });
      expect([...a.body.parentTickets, ...a.body.childrenTickets].some((l) => l.isDeleted)).toBe(false);
      expect([...b.body.parentTickets, ...b.body.childrenTickets].some((l) => l.isDeleted)).toBe(true);
    }
    const deletedTicket = truth.tickets.find((x) => x.isDeleted);
    if (!deletedTicket) throw new Error('fixture');
    expect((await get(sim, routeOf(deletedTicket), { id: deletedTicket.id })).status).toBe(404);
    const found = await get<Ticket>(sim, routeOf(deletedTicket), {
      id: deletedTicket.id,
      includeDeletedItems: 'true',
    });
    expect(found.body.isDeleted).toBe(true);
  });
});
