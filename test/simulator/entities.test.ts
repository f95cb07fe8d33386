import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumption, GroundTruth, Person, Simulator } from '../../simulator/index.js';
import { get, STAMP_7, startUnlimited } from './helpers.js';

let sim: Simulator;
let truth: GroundTruth;
beforeAll(async () => {
  sim = await startUnlimited({ seed: 4, tickets: 1000 });
  truth = sim.truth();
});
afterAll(() => sim.close());

describe('/persons', () => {
  it('lists without $select (scalars only), pages with $top/$skip, default order id', async () => {
    const r = await get<Person[]>(sim, '/persons', { $top: 20, $skip: 10 });
    expect(r.status).toBe(200);
    const ids = [...truth.persons.map((p) => p.id)].sort();
    expect(r.body.map((p) => p.id)).toEqual(ids.slice(10, 30));
    expect(r.body[0]).not.toHaveProperty('emails');
    expect(r.body[0]).toHaveProperty('teams');
    expect(truth.persons.length).toBe(200);
  });

  it('expands collections and filters on changedDate and types', async () => {
    const since = new Date(sim.now() - 90 * 86_400_000).toISOString();
    const r = await get<Person[]>(sim, '/persons', {
      $select: 'id,changedDate,emails,relationships',
      $expand: 'emails,relationships($expand=services)',
      $filter: `changedDate ge ${since} and personType eq 1`,
      $orderby: 'changedDate,id',
    });
    expect(r.status).toBe(200);
    const expected = truth.persons
      .filter(
        (p) =>
          p.personType === 1 &&
          p.changedDate !== null &&
          Date.parse(`${p.changedDate.slice(0, 23)}Z`) >= Date.parse(since),
      )
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.body).toHaveLength(Math.min(100, expected.length));
    expect(new Set(r.body.map((p) => p.id))).toEqual(new Set(expected.slice(0, 100)));
    expect(Array.isArray(r.body[0]?.emails)).toBe(true);
  });

  it('serves a single person with every collection, and 404 for an unknown id', async () => {
    const person = truth.persons.find((p) => p.relationships.length > 0 && p.customFieldValues.length > 0);
    const r = await get<Person>(sim, '/persons', { id: person?.id ?? '' });
    expect(r.body).toEqual(person);
    expect(r.body.createdDate).toMatch(STAMP_7);
    expect((await get(sim, '/persons', { id: 'nobody' })).status).toBe(404);
  });

  it('has agents, clients, companies and departments', () => {
    const kinds = new Set(truth.persons.map((p) => `${p.personType}/${p.profileType}`));
    for (const k of ['1/1', '1/2', '2/2', '4/2']) expect(kinds.has(k)).toBe(true);
  });
});

describe('/services', () => {
  it('lists the 3-level tree and serves single gets', async () => {
    const r = await get<{ id: number; parentServiceId: number | null }[]>(sim, '/services');
    expect(r.body).toHaveLength(truth.services.length);
    const byId = new Map(r.body.map((s) => [s.id, s]));
    const depth = (id: number): number => {
      const p = byId.get(id)?.parentServiceId;
      return p ? 1 + depth(p) : 1;
    };
    expect(Math.max(...r.body.map((s) => depth(s.id)))).toBe(3);
    expect((await get(sim, '/services', { id: r.body[0]?.id ?? 0 })).body).toEqual(truth.services[0]);
    expect(
      (await get(sim, '/services', { $filter: 'parentServiceId eq null', $select: 'id,name' })).body,
    ).toHaveLength(truth.services.filter((s) => s.parentServiceId === null).length);
  });
});

describe('/timeAgreement', () => {
  it('requires $select on lists and serves single gets by id or name', async () => {
    expect((await get(sim, '/timeAgreement')).status).toBe(400);
    const list = await get<{ id: number; name: string }[]>(sim, '/timeAgreement', { $select: 'id,name' });
    expect(list.body).toEqual(truth.timeAgreements.map((a) => ({ id: a.id, name: a.name })));
    const first = truth.timeAgreements[0];
    expect((await get(sim, '/timeAgreement', { id: first?.id ?? 0 })).body).toEqual(first);
    expect((await get(sim, '/timeAgreement', { name: first?.name ?? '' })).body).toEqual(first);
  });
});

describe('/timeAgreementConsumption', () => {
  it('returns the periods of one contract inside the window as an array', async () => {
    const name = truth.timeAgreements[0]?.name ?? '';
    const periods = truth.consumptions.filter((c) => c.name === name);
    expect(periods.length).toBeGreaterThan(3);
    const from = periods[1]?.period ?? '';
    const to = periods[3]?.period ?? '';
    const r = await get<Consumption[]>(sim, '/timeAgreementConsumption', {
      name,
      startPeriod: from,
      endPeriod: to,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(periods.slice(1, 4));
    expect(r.body[0]?.period).toMatch(/^\d{4}-\d{2}-01T00:00:00$/);
  });

  it('marks the open period with id 0 and no consumedHours', async () => {
    const name = truth.timeAgreements[1]?.name ?? '';
    const current = await get<Consumption>(sim, '/timeAgreementConsumption', { name });
    expect(current.body.id).toBe(0);
    expect(current.body.consumedHours).toBeNull();
    const closed = truth.consumptions.filter((c) => c.name === name && c.id !== 0);
    expect(closed.every((c) => typeof c.consumedHours === 'number')).toBe(true);
    expect(closed.flatMap((c) => c.timeAppointments).every((a) => typeof a.ticketNumber === 'string')).toBe(
      true,
    );
  });

  it('rejects period parameters without a name, and lists with $select only', async () => {
    expect(
      (
        await get(sim, '/timeAgreementConsumption', {
          startPeriod: '2024-01-01T00:00:00',
          endPeriod: '2024-06-01T00:00:00',
        })
      ).status,
    ).toBe(400);
    expect((await get(sim, '/timeAgreementConsumption')).status).toBe(400);
    const list = await get<Record<string, unknown>[]>(sim, '/timeAgreementConsumption', {
      $select: 'id,name,renewalDay',
      $filter: 'contractedHours gt 30',
    });
    expect(list.status).toBe(200);
    expect(list.body.length).toBe(truth.timeAgreements.filter((a) => a.contractedHours > 30).length);
    expect(typeof list.body[0]?.renewalDay).toBe('string');
  });

  it('rejects $select combined with period filters (UNCERTAIN point, switchable)', async () => {
    const name = truth.timeAgreements[0]?.name ?? '';
    const params = { name, startPeriod: '2020-01-01', endPeriod: '2030-01-01', $select: 'name' };
    expect((await get(sim, '/timeAgreementConsumption', params)).status).toBe(400);
    sim.setOptions({ quirks: { consumptionRejectSelectWithPeriod: false } });
    expect((await get(sim, '/timeAgreementConsumption', params)).status).toBe(200);
    sim.setOptions({ quirks: { consumptionRejectSelectWithPeriod: true } });
  });
});
