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
    expect(r.body).toHaveLength(100);
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
