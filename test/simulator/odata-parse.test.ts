import { describe, expect, it } from 'vitest';
import { ODataError } from '../../simulator/odata/model.js';
import {
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseSelect,
  splitTopLevel,
} from '../../simulator/odata/parse.js';

describe('OData $filter parser', () => {
  it('parses comparisons joined by and/or with the usual precedence', () => {
    expect(parseFilter("id gt 5 and baseStatus eq 'Resolved' or isDeleted eq true")).toEqual({
      k: 'or',
      l: {
        k: 'and',
        l: { k: 'cmp', op: 'gt', l: { k: 'path', segs: ['id'] }, r: { k: 'lit', type: 'int', value: 5 } },
        r: {
          k: 'cmp',
          op: 'eq',
          l: { k: 'path', segs: ['baseStatus'] },
          r: { k: 'lit', type: 'string', value: 'Resolved' },
        },
      },
      r: {
        k: 'cmp',
        op: 'eq',
        l: { k: 'path', segs: ['isDeleted'] },
        r: { k: 'lit', type: 'bool', value: true },
      },
    });
  });

  it('parses not, parentheses, null, decimals and negative numbers', () => {
    const e = parseFilter('not (id eq -3) and (owner eq null or accountedTime ge 1.5)');
    expect(e.k).toBe('and');
    if (e.k !== 'and') return;
    expect(e.l).toEqual({
      k: 'not',
      e: { k: 'cmp', op: 'eq', l: { k: 'path', segs: ['id'] }, r: { k: 'lit', type: 'int', value: -3 } },
    });
    expect(e.r).toMatchObject({
      k: 'or',
      r: { k: 'cmp', op: 'ge', r: { k: 'lit', type: 'decimal', value: 1.5 } },
    });
  });

  it('unescapes doubled quotes in string literals', () => {
    expect(parseFilter("subject eq 'D''Ávila'")).toMatchObject({ r: { value: "D'Ávila" } });
  });

  it('reads unquoted UTC datetime literals (Z or z) into 7-digit stamps', () => {
    expect(parseFilter('lastUpdate ge 2024-01-01T00:00:00.000Z')).toMatchObject({
      r: { k: 'lit', type: 'datetime', value: '2024-01-01T00:00:00.0000000' },
    });
    expect(parseFilter('createdDate gt 2016-09-01T00:00:00.00z')).toMatchObject({
      r: { value: '2016-09-01T00:00:00.0000000' },
    });
    expect(parseFilter('lastUpdate lt 2024-05-06T07:08:09.1234567Z')).toMatchObject({
      r: { value: '2024-05-06T07:08:09.1234567' },
    });
  });

  it.each([
    'lastUpdate ge 2024-01-01T00:00:00',
    'lastUpdate ge 2024-01-01T00:00:00 00:00',
    'lastUpdate ge 2024-01-01T00:00:00-03:00',
    'lastUpdate ge 2024-01-01',
    'lastUpdate ge 2024-13-01T00:00:00Z',
  ])('rejects datetime literal without Z: %s', (text) => {
    expect(() => parseFilter(text)).toThrow(/Unrecognized 'Edm.DateTimeOffset' literal/);
  });

  it('parses navigation paths and function calls', () => {
    expect(parseFilter("owner/id eq 'x'")).toMatchObject({ l: { k: 'path', segs: ['owner', 'id'] } });
    expect(parseFilter("tolower(status) eq 'resolvido'")).toMatchObject({
      l: { k: 'call', name: 'tolower', args: [{ k: 'path', segs: ['status'] }] },
    });
    expect(parseFilter("startswith(subject, 'Erro')")).toMatchObject({ k: 'call', name: 'startswith' });
  });

  it('parses any()/all() lambdas, nested, and the empty any()', () => {
    expect(parseFilter("clients/any(c: c/id eq '1')")).toEqual({
      k: 'lambda',
      op: 'any',
      segs: ['clients'],
      v: 'c',
      body: {
        k: 'cmp',
        op: 'eq',
        l: { k: 'path', segs: ['c', 'id'] },
        r: { k: 'lit', type: 'string', value: '1' },
      },
    });
    expect(
      parseFilter("customFieldValues/any(cf: cf/items/any(i: i/customFieldItem eq 'Sim'))"),
    ).toMatchObject({
      body: { k: 'lambda', segs: ['cf', 'items'], v: 'i' },
    });
    expect(parseFilter('actions/any()')).toEqual({
      k: 'lambda',
      op: 'any',
      segs: ['actions'],
      v: null,
      body: null,
    });
    expect(parseFilter('tags/all(t: t ne null)')).toMatchObject({ k: 'lambda', op: 'all' });
  });

  it.each(['id eq', 'id eq 1 and', '(id eq 1', "subject eq 'open", 'id eq 1 )', 'id EQ 1', 'id eq 1 foo'])(
    'rejects malformed filters with an ODataError: %s',
    (text) => {
      expect(() => parseFilter(text)).toThrow(ODataError);
    },
  );
});

describe('OData $select/$expand/$orderby syntax', () => {
  it('splits on top-level separators only', () => {
    expect(splitTopLevel("a,b(c,d),e('x,y')", ',')).toEqual(['a', 'b(c,d)', "e('x,y')"]);
  });

  it('parses $select lists', () => {
    expect(parseSelect('id, subject,createdDate')).toEqual(['id', 'subject', 'createdDate']);
    expect(() => parseSelect('id,,subject')).toThrow(ODataError);
  });

  it('parses nested $expand with ;-separated options', () => {
    const items = parseExpand(
      'owner,clients($select=id,businessName,organization;$expand=organization),actions($select=id,createdBy,timeAppointments;$expand=createdBy,timeAppointments($select=id,createdBy;$expand=createdBy))',
    );
    expect(items.map((i) => i.path)).toEqual(['owner', 'clients', 'actions']);
    expect(items[1]?.options).toMatchObject({
      select: 'id,businessName,organization',
      expand: 'organization',
    });
    expect(items[2]?.options.expand).toBe(
      'createdBy,timeAppointments($select=id,createdBy;$expand=createdBy)',
    );
    const nested = parseExpand(items[2]?.options.expand ?? '');
    expect(nested[1]).toEqual({
      path: 'timeAppointments',
      options: {
        select: 'id,createdBy',
        expand: 'createdBy',
        filter: null,
        orderby: null,
        top: null,
        skip: null,
      },
    });
  });

  it('accepts $filter/$orderby/$top/$skip inside $expand and rejects other options', () => {
    expect(parseExpand('customFieldValues($filter=customFieldId eq 55366;$top=1)')[0]?.options).toMatchObject(
      {
        filter: 'customFieldId eq 55366',
        top: '1',
      },
    );
    expect(() => parseExpand('actions($count=true)')).toThrow(/not supported/);
    expect(() => parseExpand('actions($select=id')).toThrow(ODataError);
  });

  it('parses $orderby keys with directions', () => {
    expect(parseOrderBy('lastUpdate asc, id desc,owner/businessName')).toEqual([
      { segs: ['lastUpdate'], desc: false },
      { segs: ['id'], desc: true },
      { segs: ['owner', 'businessName'], desc: false },
    ]);
    expect(() => parseOrderBy('id sideways')).toThrow(ODataError);
  });
});
