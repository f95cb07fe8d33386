import { describe, expect, it } from 'vitest';
import { bindQuery } from '../../simulator/odata/bind.js';
import { project, type ShapeOptions } from '../../simulator/odata/shape.js';
import { TicketType } from '../../simulator/schema/tickets.js';

const person = { id: 'P', personType: 1, profileType: 1, businessName: 'Zé', email: null, phone: null };
const record = {
  id: 7,
  subject: 'Assunto',
  tags: ['a'],
  serviceFull: ['S1', 'S2'],
  owner: person,
  createdBy: null,
  clients: [{ ...person, id: 'C', isDeleted: false, organization: { ...person, id: 'O' } }],
  actions: [
    {
      id: 1,
      origin: 9,
      description: 'd',
      createdBy: person,
      timeAppointments: [{ id: 5, activity: 'x', createdBy: person, createdByTeam: { id: 1, name: 'T' } }],
    },
    { id: 2, origin: 2, description: 'e', createdBy: person, timeAppointments: [] },
  ],
};

const strict: ShapeOptions = { expandRequiresSelect: true, nestedExpandOptions: false };
const shape = (select: string | null, expand: string | null, opts = strict) =>
  project(
    record,
    bindQuery(TicketType, { select, expand, filter: null, orderby: null, top: null, skip: null }),
    opts,
  );

describe('$select/$expand projection', () => {
  it('returns only selected properties, absent rather than null', () => {
    expect(shape('id,subject', null)).toEqual({ id: 7, subject: 'Assunto' });
  });

  it('treats arrays of scalars as plain properties', () => {
    expect(shape('id,tags,serviceFull', null)).toEqual({ id: 7, tags: ['a'], serviceFull: ['S1', 'S2'] });
  });

  it('never returns navigations that are not expanded, even when selected', () => {
    expect(shape('id,owner,clients', null)).toEqual({ id: 7 });
  });

  it('returns expanded navigations only when also selected (strict mode)', () => {
    expect(shape('id', 'owner,clients')).toEqual({ id: 7 });
    expect(shape('id,owner', 'owner,clients')).toEqual({ id: 7, owner: person });
  });

  it('returns expanded navigations without a $select at that level', () => {
    const out = shape(null, 'owner');
    expect(out.owner).toEqual(person);
    expect(out.subject).toBe('Assunto');
    expect(out.clients).toBeUndefined();
  });

  it('can be lenient (as the S-TKT examples suggest)', () => {
    expect(shape('id', 'owner', { expandRequiresSelect: false, nestedExpandOptions: false })).toEqual({
      id: 7,
      owner: person,
    });
  });

  it('projects nested levels with their own $select and $expand', () => {
    const out = shape(
      'id,clients,actions',
      'clients($select=id,organization;$expand=organization($select=id)),actions($select=id,createdBy,timeAppointments;$expand=createdBy($select=businessName),timeAppointments($select=id,createdByTeam;$expand=createdByTeam))',
    );
    expect(out).toEqual({
      id: 7,
      clients: [{ id: 'C', organization: { id: 'O' } }],
      actions: [
        {
          id: 1,
          createdBy: { businessName: 'Zé' },
          timeAppointments: [{ id: 5, createdByTeam: { id: 1, name: 'T' } }],
        },
        { id: 2, createdBy: { businessName: 'Zé' }, timeAppointments: [] },
      ],
    });
  });

  it('keeps nulls for expanded single navigations that are null', () => {
    expect(shape('id,createdBy', 'createdBy')).toEqual({ id: 7, createdBy: null });
  });

  it('applies nested $filter/$top only when switched on', () => {
    const q = bindQuery(TicketType, {
      select: 'id,actions',
      expand: 'actions($select=id;$filter=origin eq 2;$top=5)',
      filter: null,
      orderby: null,
      top: null,
      skip: null,
    });
    expect(project(record, q, strict).actions).toEqual([{ id: 1 }, { id: 2 }]);
    expect(project(record, q, { ...strict, nestedExpandOptions: true }).actions).toEqual([{ id: 2 }]);
  });
});
