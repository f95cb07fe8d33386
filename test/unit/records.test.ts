import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../simulator/prng.js';
import { FieldError, RecordConformer } from '../../src/engine/records/conformer.js';
import { DataIssues, total } from '../../src/engine/records/data-issues.js';
import { Logger } from '../../src/logger.js';
import { Redactor } from '../../src/redact.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { type JsonSchema, streamSchema } from '../../src/streams/schemas.js';

function conformer(
  stream: string,
  fields?: string[],
  options: { collections?: string[]; fromPrefix?: string[] } = {},
) {
  const warnings: string[] = [];
  const logger = new Logger('info', new Redactor(), (level, line) => {
    if (level === 'warn') warnings.push(line);
  });
  const schema = streamSchema(stream);
  const selected = new Set(fields ?? Object.keys(schema.properties ?? {}));
  const issues = new DataIssues(logger);
  const definition = STREAMS.find((candidate) => candidate.name === stream);
  const conform = new RecordConformer(stream, schema, selected, issues, {
    collections: new Set(options.collections),
    fromPrefix: new Set(options.fromPrefix),
    keys: definition?.primaryKey,
  });
  return { conform, warnings, issues };
}

/** What a target receives: JSON drops fields the row did not have. */
const wire = (record: JsonRecord) => JSON.parse(JSON.stringify(record));

describe('RecordConformer', () => {
  it('keeps selected schema fields only and warns once per field the schema lacks', () => {
    const { conform, warnings } = conformer('tickets', ['id', 'subject'], { collections: ['actions'] });
    const row = { id: 1, subject: 'a', status: 'Novo', actions: [], brandNew: 1 };
    expect(wire(conform.conform(row))).toEqual({ id: 1, subject: 'a' });
    conform.conform({ ...row, id: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"brandNew"');
    // Every row is looked at, not only the first ones.
    for (let id = 3; id < 3000; id++) conform.conform({ id, subject: 'b' });
    conform.conform({ id: 3000, subject: 'c', lateField: true });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('"lateField"');
  });

  it('normalises timestamps and coerces numbers sent as strings, and the reverse', () => {
    const { conform } = conformer('tickets', ['id', 'createdDate', 'protocol', 'stoppedTime']);
    const record = conform.conform({
      id: '7',
      createdDate: '2016-11-18T14:25:07.1920886',
      protocol: 123,
      stoppedTime: '1.5',
    });
    expect(record).toEqual({
      id: 7,
      createdDate: '2016-11-18T14:25:07.1920886Z',
      protocol: '123',
      stoppedTime: 1.5,
    });
  });

  it('converts what converts without loss: booleans as text, offsets and missing fractions in timestamps', () => {
    const { conform, issues } = conformer('tickets', [
      'id',
      'isDeleted',
      'resolvedInFirstCall',
      'createdDate',
      'lastUpdate',
      'resolvedIn',
    ]);
    const record = conform.conform({
      id: 7.0,
      isDeleted: 'true',
      resolvedInFirstCall: 'false',
      createdDate: '2016-11-18T11:25:07.1920886-03:00',
      lastUpdate: '2016-11-18T14:25:07',
      resolvedIn: '2016-11-18',
    });
    expect(record).toEqual({
      id: 7,
      isDeleted: true,
      resolvedInFirstCall: false,
      createdDate: '2016-11-18T14:25:07.1920886Z',
      lastUpdate: '2016-11-18T14:25:07Z',
      resolvedIn: '2016-11-18T00:00:00Z',
    });
    expect(issues.nulledCounts.size).toBe(0);
  });

  it.each([
    [
      { id: 1, createdDate: 'yesterday' },
      'createdDate',
      'field createdDate is "yesterday", expected a date-time',
    ],
    [{ id: 1, isDeleted: 'maybe' }, 'isDeleted', 'field isDeleted is "maybe", expected boolean/null'],
    [{ id: 1, actionCount: 2.5 }, 'actionCount', 'field actionCount is 2.5, expected integer/null'],
    [{ id: 1, tags: ['a', { x: 1 }] }, 'tags', 'field tags is ["a",{"x":1}], expected array/null'],
    [{ id: 1, subject: { text: 'x' } }, 'subject', 'field subject is {"text":"x"}, expected string/null'],
    [
      { id: 1, owner: { id: 1, businessName: ['x'] } },
      'owner.businessName',
      'field owner.businessName is ["x"], expected string/null',
    ],
  ])('writes a value that does not fit as null, warns once and counts each: %j', (row, path, message) => {
    const { conform, warnings, issues } = conformer('tickets');
    const record = wire(conform.conform(row as JsonRecord));
    const [top, inner] = path.split('.') as [string, string | undefined];
    if (inner) expect((record[top] as JsonRecord)[inner]).toBeNull();
    else expect(record[top]).toBeNull();
    expect(record.id).toBe(1);
    conform.conform({ ...(row as JsonRecord), id: 2 });
    expect(warnings.filter((line) => line.includes(message))).toHaveLength(1);
    expect(issues.nulledCounts.get(`tickets.${path}`)).toBe(2);
  });

  it('a list of plain strings where objects are documented becomes null as a whole, never a list with holes', () => {
    const { conform, issues } = conformer('time_agreements', ['id', 'emailDestinations']);
    const record = conform.conform({ id: 1, emailDestinations: ['a@example.com', 'b@example.com'] });
    expect(record).toEqual({ id: 1, emailDestinations: null });
    expect(issues.nulledCounts.get('time_agreements.emailDestinations')).toBe(1);
  });

  it('a primary-key value that does not fit is an error naming the field, never a null', () => {
    const { conform, issues } = conformer('tickets');
    expect(() => conform.conform({ id: 1.5 })).toThrow(FieldError);
    expect(() => conform.conform({ id: 'abc' })).toThrow(
      'field id, part of the primary key, is "abc", expected integer',
    );
    expect(issues.nulledCounts.size).toBe(0);
  });

  it('passes nested values that fit through untouched and copies only those it changes', () => {
    const { conform } = conformer('tickets', ['id', 'owner', 'createdBy']);
    const owner = { id: '5', personType: 1, businessName: 'Ana', email: null };
    const createdBy = { id: 6, personType: 1, businessName: 'Bia' };
    const row = { id: 1, owner, createdBy };
    const record = conform.conform(row);
    expect(record.owner).toBe(owner);
    expect(record.createdBy).not.toBe(createdBy);
    expect(record.createdBy).toEqual({ ...createdBy, id: '6' });
    expect(createdBy.id).toBe(6);
  });

  it('takes prefix fields from the context, never from the row', () => {
    const { conform } = conformer('ticket_actions', ['ticketId', 'id', 'description'], {
      fromPrefix: ['ticketId', 'ticketLastUpdate'],
    });
    const record = conform.conform(
      { id: 3, description: 'x', ticketId: 999 },
      { ticketId: 1, ticketLastUpdate: '2024-01-01T00:00:00Z' },
    );
    expect(wire(record)).toEqual({ ticketId: 1, id: 3, description: 'x' });
  });

  it('reads only fields the row has, even those named like Object.prototype members', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { id: { type: 'integer' }, constructor: { type: ['string', 'null'] }, valueOf: {} },
    };
    const logger = new Logger('error', new Redactor(), () => undefined);
    const conform = new RecordConformer(
      'odd',
      schema,
      new Set(['id', 'constructor', 'valueOf']),
      new DataIssues(logger),
    );
    expect(wire(conform.conform({ id: 1 }))).toEqual({ id: 1 });
    expect(conform.conform({ id: 1, constructor: 'x', valueOf: 2 })).toEqual({
      id: 1,
      constructor: 'x',
      valueOf: 2,
    });
  });

  it('builds the same records as coercing field by field, for random rows of every stream', () => {
    const random = mulberry32(20261122);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
    const value = (schema: JsonSchema, depth: number): unknown => {
      const candidates: unknown[] = [
        null,
        undefined,
        'text',
        '42',
        '4.5',
        '',
        7,
        2.5,
        true,
        '2024-05-23T11:08:13.1234567',
        '2024-05-23 11:08:13',
        [],
      ];
      if (depth < 3 && schema.properties) {
        const nested: JsonRecord = {};
        for (const [field, property] of Object.entries(schema.properties))
          if (random() < 0.7) nested[field] = random() < 0.8 ? typical(property) : value(property, depth + 1);
        candidates.push(nested, nested, nested);
      }
      if (depth < 3 && schema.items) {
        const items = schema.items;
        candidates.push(Array.from({ length: Math.floor(random() * 3) }, () => value(items, depth + 1)));
      }
      return pick(candidates);
    };
    // Mostly values that already fit, so the fast path is exercised as much as the slow one.
    const typical = (schema: JsonSchema): unknown => {
      const types = [schema.type ?? []].flat();
      if (schema.format === 'date-time') return '2024-05-23T11:08:13.12';
      if (types.includes('integer')) return 12;
      if (types.includes('number')) return 1.25;
      if (types.includes('string')) return 'fine';
      if (types.includes('boolean')) return false;
      if (schema.properties) {
        const nested: JsonRecord = {};
        for (const [field, property] of Object.entries(schema.properties)) nested[field] = typical(property);
        return nested;
      }
      if (schema.items) return [typical(schema.items)];
      return null;
    };

    let compared = 0;
    let failures = 0;
    let nulled = 0;
    for (const stream of STREAMS) {
      const schema = streamSchema(stream.name);
      const properties = Object.entries(schema.properties ?? {});
      for (let round = 0; round < 200; round++) {
        const row: JsonRecord = {};
        for (const [field, property] of properties) {
          if (random() < 0.1) continue;
          row[field] = random() < 0.6 ? typical(property) : value(property, 0);
        }
        const { conform, issues } = conformer(stream.name);
        const expected = (): JsonRecord => {
          const out: JsonRecord = {};
          for (const [field] of properties)
            if (row[field] !== undefined) out[field] = conform.coerce(field, row[field]);
          return out;
        };
        let want: JsonRecord | Error;
        try {
          want = wire(expected());
          if (total(issues.nulledCounts) > 0) nulled++;
        } catch (error) {
          want = error as Error;
        }
        if (want instanceof Error) {
          failures++;
          expect(() => conform.conform(row)).toThrow(want.message);
        } else {
          expect(wire(conform.conform(row))).toEqual(want);
        }
        compared++;
      }
    }
    expect(compared).toBe(STREAMS.length * 200);
    // Every outcome was exercised: key errors, values written as null, records that fit as they came.
    expect(failures).toBeGreaterThan(compared / 20);
    expect(failures).toBeLessThan(compared / 2);
    expect(nulled).toBeGreaterThan(compared / 10);
  });
});
