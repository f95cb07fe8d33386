import { describe, expect, it } from 'vitest';
import { bindQuery, countExpandedCollections } from '../../simulator/odata/bind.js';
import { bindFilter, bindOrderBy } from '../../simulator/odata/bind-filter.js';
import { matches, orderComparator } from '../../simulator/odata/evaluate.js';
import { ODataError } from '../../simulator/odata/model.js';
import { TicketType } from '../../simulator/schema/tickets.js';

const ticket = {
  id: 42,
  subject: "Erro ao emitir nota 'fiscal'",
  status: 'Resolvido',
  baseStatus: 'Resolved',
  ownerTeam: 'Suporte N1',
  lastUpdate: '2024-03-01T10:00:00.5',
  createdDate: '2024-02-01T09:00:00',
  resolvedIn: null,
  isDeleted: false,
  tags: ['vip', 'bug'],
  owner: { id: 'A1', businessName: 'Ana', email: null },
  clients: [
    { id: '1', businessName: 'Cliente', organization: { id: 'O1', businessName: 'Ótica Visão' } },
    { id: '2', businessName: 'Outro', organization: null },
  ],
  actions: [{ id: 1, createdBy: { email: 'a@x.com' }, createdDate: '2024-02-01T09:00:00.1234567' }],
  customFieldValues: [{ customFieldId: 55366, value: 'X', items: [{ customFieldItem: 'Sim' }] }],
};

const test = (filter: string) => matches(bindFilter(filter, TicketType), ticket);

describe('OData $filter binding and evaluation', () => {
  it.each([
    ['id eq 42', true],
    ['id gt 41 and id lt 43', true],
    ['id ne 42', false],
    ["baseStatus eq 'Resolved' or baseStatus eq 'Closed'", true],
    ["not (baseStatus eq 'Resolved')", false],
    ['resolvedIn eq null', true],
    ['resolvedIn ne null', false],
    ['resolvedIn gt 2020-01-01T00:00:00Z', false],
    ["subject eq 'Erro ao emitir nota ''fiscal'''", true],
    ['isDeleted eq false', true],
    ['id eq 42.0', true],
  ])('%s → %s', (filter, expected) => {
    expect(test(filter)).toBe(expected);
  });

  it('compares datetimes with any number of fraction digits', () => {
    expect(test('lastUpdate ge 2024-03-01T10:00:00.5Z')).toBe(true);
    expect(test('lastUpdate gt 2024-03-01T10:00:00.5Z')).toBe(false);
    expect(test('lastUpdate gt 2024-03-01T10:00:00.4999999Z')).toBe(true);
    expect(test('createdDate eq 2024-02-01T09:00:00Z')).toBe(true);
    expect(test('lastUpdate ge 2024-01-01T00:00:00.000Z and lastUpdate lt 2024-04-01T00:00:00.000Z')).toBe(
      true,
    );
  });

  it('follows single navigation paths without expanding them', () => {
    expect(test("owner/id eq 'A1'")).toBe(true);
    expect(test('owner/email eq null')).toBe(true);
    expect(test('owner ne null')).toBe(true);
  });

  it('evaluates any()/all() over entity and scalar collections', () => {
    expect(test("clients/any(c: c/id eq '1')")).toBe(true);
    expect(test("clients/any(client: client/id eq '3')")).toBe(false);
    expect(test("clients/any(c: c/organization/businessName eq 'Ótica Visão')")).toBe(true);
    expect(test("clients/all(c: c/businessName ne 'x')")).toBe(true);
    expect(
      test("actions/any(a: a/createdBy/email eq 'a@x.com' and a/createdDate ge 2024-02-01T09:00:00.1Z)"),
    ).toBe(true);
    expect(
      test(
        "customFieldValues/any(cf: cf/customFieldId eq 55366 and cf/items/any(i: i/customFieldItem eq 'Sim'))",
      ),
    ).toBe(true);
    expect(test("tags/any(t: t eq 'vip')")).toBe(true);
    expect(test('parentTickets/any()')).toBe(false);
    expect(test('clients/any()')).toBe(true);
    expect(test("clients/any(c: c/id eq '1') and id eq 42")).toBe(true);
  });

  it('supports the string functions clients use', () => {
    expect(test("tolower(status) eq 'resolvido'")).toBe(true);
    expect(test("toupper(status) eq 'RESOLVIDO'")).toBe(true);
    expect(test("startswith(subject, 'Erro')")).toBe(true);
    expect(test("endswith(subject, 'x')")).toBe(false);
    expect(test("contains(subject, 'nota')")).toBe(true);
    expect(test("substringof('nota', subject)")).toBe(true);
    expect(test('year(createdDate) eq 2024')).toBe(true);
  });

  it('rejects unknown properties with the TicketApiDto message', () => {
    expect(() => bindFilter("foo eq 'x'", TicketType)).toThrow(
      "The query specified in the URI is not valid. Could not find a property named 'foo' on type 'TicketApiDto'.",
    );
    expect(() => bindFilter("owner/nope eq 'x'", TicketType)).toThrow(
      /Could not find a property named 'nope' on type 'TicketPersonApiDto'/,
    );
  });

  it('rejects paths through scalars (ownerTeam is a string) and into collections without a lambda', () => {
    expect(() => bindFilter("ownerTeam/name eq 'x'", TicketType)).toThrow(
      /isn't Navigation\/Structural\/Complex\/Collections/,
    );
    expect(() => bindFilter("clients/id eq '1'", TicketType)).toThrow(/not a single value/);
    expect(() => bindFilter("tags eq 'vip'", TicketType)).toThrow(ODataError);
  });

  it('rejects incompatible operand types and unknown functions', () => {
    expect(() => bindFilter("id eq '5'", TicketType)).toThrow(/incompatible types.*Edm.Int32.*Edm.String/);
    expect(() => bindFilter("lastUpdate ge '2024-01-01'", TicketType)).toThrow(/incompatible types/);
    expect(() => bindFilter('subject eq 2024-01-01T00:00:00Z', TicketType)).toThrow(/incompatible types/);
    expect(() => bindFilter('frobnicate(subject)', TicketType)).toThrow(/unknown function/);
    expect(() => bindFilter('id', TicketType)).toThrow(/boolean/);
  });
});

describe('OData $orderby and $select/$expand binding', () => {
  it('sorts by several keys, nulls first, desc inverted', () => {
    const rows = [
      { id: 1, lastUpdate: '2024-01-02T00:00:00', resolvedIn: null },
      { id: 2, lastUpdate: '2024-01-01T00:00:00.5', resolvedIn: '2024-01-01T00:00:00' },
      { id: 3, lastUpdate: '2024-01-02T00:00:00', resolvedIn: null },
    ];
    const by = (text: string) =>
      [...rows].sort(orderComparator(bindOrderBy(text, TicketType))).map((r) => r.id);
    expect(by('lastUpdate asc,id desc')).toEqual([2, 3, 1]);
    expect(by('resolvedIn')).toEqual([1, 3, 2]);
    expect(by('resolvedIn desc, id')).toEqual([2, 1, 3]);
    expect(() => bindOrderBy('clients', TicketType)).toThrow(ODataError);
  });

  it('validates $select and $expand against the entity type', () => {
    const raw = { select: null, expand: null, filter: null, orderby: null, top: null, skip: null };
    expect(() => bindQuery(TicketType, { ...raw, select: 'id,lifetimeWorkingTime' })).toThrow(
      "Could not find a property named 'lifetimeWorkingTime' on type 'TicketApiDto'.",
    );
    expect(() => bindQuery(TicketType, { ...raw, expand: 'subject' })).toThrow(/not a navigation property/);
    expect(() => bindQuery(TicketType, { ...raw, expand: 'tags' })).toThrow(/not a navigation property/);
    expect(() => bindQuery(TicketType, { ...raw, expand: 'actions/timeAppointments' })).toThrow(ODataError);
    expect(() => bindQuery(TicketType, { ...raw, expand: 'actions($select=nope)' })).toThrow(
      /on type 'TicketActionApiDto'/,
    );
    expect(() => bindQuery(TicketType, { ...raw, top: '-1' })).toThrow(/non-negative integer/);
  });

  it('merges repeated expand items and counts expanded collections', () => {
    const q = bindQuery(TicketType, {
      select: 'id,subject,actions',
      expand:
        'owner,actions($select=origin,id),actions($expand=timeAppointments($expand=createdBy)),clients($expand=organization)',
      filter: null,
      orderby: null,
      top: null,
      skip: null,
    });
    const actions = q.expand.get('actions');
    expect([...(actions?.select ?? [])].sort()).toEqual(['id', 'origin', 'timeAppointments']);
    expect(actions?.expand.get('timeAppointments')?.expand.has('createdBy')).toBe(true);
    // actions, timeAppointments, clients (owner, createdBy and organization are single objects)
    expect(countExpandedCollections(q)).toBe(3);
  });
});
