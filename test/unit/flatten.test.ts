import { describe, expect, it } from 'vitest';
import { injectedFields } from '../../src/engine/metadata.js';
import type { Sink, StreamSchemaMessage } from '../../src/engine/sink.js';
import { ConfigError } from '../../src/errors.js';
import { readConfiguredCatalog } from '../../src/protocol/airbyte/catalog.js';
import {
  checkFlattening,
  compileFlattener,
  FlatteningSink,
  flattenSchema,
  withFlattening,
} from '../../src/protocol/flatten.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { type JsonSchema, streamSchema, typesOf } from '../../src/streams/schemas.js';

/** Schema and record flattened together, the record as a target reads it (through JSON). */
function flatten(schema: JsonSchema, depth: number, record: JsonRecord) {
  const flat = flattenSchema(schema, depth, 'test');
  return {
    properties: flat.schema.properties ?? {},
    record: JSON.parse(JSON.stringify(compileFlattener(flat.columns)(record))) as JsonRecord,
  };
}

const object = (properties: Record<string, JsonSchema>, nullable = false): JsonSchema => ({
  type: nullable ? ['object', 'null'] : 'object',
  properties,
});

// singer-sdk's own documented examples (docstring of flatten_schema in singer_sdk/helpers/_flattening.py).
const sdkSchema = (nullable: boolean) =>
  object({
    id: { type: 'string' },
    foo: object({ bar: object({ baz: object({ qux: { type: 'string' } }, nullable) }, nullable) }, nullable),
  });

describe('flattening: schema and record', () => {
  it('nested objects become parent__child columns in place of the object, in the schema and the record', () => {
    const flat = flattenSchema(streamSchema('tickets'), 1, 'tickets');
    const names = Object.keys(flat.schema.properties ?? {});
    expect(names).toContain('owner__id');
    expect(names).toContain('owner__businessName');
    expect(names).toContain('createdBy__email');
    expect(names).toContain('slaSolutionChangedBy__id');
    expect(names.filter((name) => ['owner', 'createdBy', 'slaSolutionChangedBy'].includes(name))).toEqual([]);
    // In place: the owner's columns sit where owner was, between isDeleted... and ownerTeam.
    const original = Object.keys(streamSchema('tickets').properties ?? {});
    expect(names.indexOf('owner__id')).toBe(original.indexOf('owner'));
    expect(names[names.indexOf('owner__isDeleted') + 1]).toBe('ownerTeam');
    expect(flat.schema.properties?.owner__businessName).toEqual(
      streamSchema('tickets').properties?.owner?.properties?.businessName,
    );

    const record = compileFlattener(flat.columns)({
      id: 7,
      owner: { id: 'ana', businessName: 'Ana Gonçalves', personType: 1 },
      ownerTeam: 'Suporte',
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      id: 7,
      owner__id: 'ana',
      owner__personType: 1,
      owner__businessName: 'Ana Gonçalves',
      ownerTeam: 'Suporte',
    });
  });

  it("depth counts levels as singer-sdk's max_level does: its documented examples, nullable or not", () => {
    expect(flattenSchema(sdkSchema(false), 1, 's').schema.properties).toEqual({
      id: { type: 'string' },
      foo__bar: { type: 'string' },
    });
    expect(flattenSchema(sdkSchema(false), 2, 's').schema.properties).toEqual({
      id: { type: 'string' },
      foo__bar__baz: { type: 'string' },
    });
    expect(flattenSchema(sdkSchema(false), 3, 's').schema.properties).toEqual({
      id: { type: 'string' },
      foo__bar__baz__qux: { type: 'string' },
    });
    expect(flattenSchema(sdkSchema(true), 1, 's').schema.properties).toEqual({
      id: { type: 'string' },
      foo__bar: { type: ['string', 'null'] },
    });
    expect(flattenSchema(sdkSchema(true), 2, 's').schema.properties).toEqual({
      id: { type: 'string' },
      foo__bar__baz: { type: ['string', 'null'] },
    });
    // The record follows its schema: what is past the depth is one JSON string.
    const record = { id: 'x', foo: { bar: { baz: { qux: 'q' } } } };
    expect(flatten(sdkSchema(false), 1, record).record).toEqual({
      id: 'x',
      foo__bar: '{"baz":{"qux":"q"}}',
    });
    expect(flatten(sdkSchema(false), 3, record).record).toEqual({ id: 'x', foo__bar__baz__qux: 'q' });
  });

  it('arrays, and objects past the depth, become compact JSON strings; null stays null, absent stays absent', () => {
    const schema = object({
      tags: { type: ['array', 'null'], items: { type: 'string' } },
      list: { type: 'array', items: object({ a: { type: 'integer' } }) },
      free: { type: ['object', 'null'] },
      gone: { type: ['array', 'null'] },
    });
    const { properties, record } = flatten(schema, 2, {
      tags: ['vip', 'São Paulo', 'a "quote"'],
      list: [{ a: 1 }, { a: 2 }],
      free: null,
    });
    expect(properties).toEqual({
      tags: { type: ['string', 'null'] },
      list: { type: 'string' },
      free: { type: ['string', 'null'] },
      gone: { type: ['string', 'null'] },
    });
    // Compact, as singer-sdk's separators (",", ":"); non-ASCII kept as it is.
    expect(record).toEqual({
      tags: '["vip","São Paulo","a \\"quote\\""]',
      list: '[{"a":1},{"a":2}]',
      free: null,
    });
    expect(JSON.parse(record.tags as string)).toEqual(['vip', 'São Paulo', 'a "quote"']);
  });

  it('a null object makes each of its columns null (and those columns accept null); an absent one leaves them out', () => {
    const schema = object({
      id: { type: 'integer' },
      owner: object({ id: { type: 'string' }, team: object({ name: { type: 'string' } }) }, true),
      creator: object({ id: { type: ['string', 'null'] } }, true),
    });
    const flat = flatten(schema, 2, { id: 1, owner: null });
    expect(flat.properties).toEqual({
      id: { type: 'integer' },
      owner__id: { type: ['string', 'null'] },
      owner__team__name: { type: ['string', 'null'] },
      creator__id: { type: ['string', 'null'] },
    });
    expect(flat.record).toEqual({ id: 1, owner__id: null, owner__team__name: null });
    expect(flatten(schema, 2, { id: 1, owner: { id: 'a', team: null } }).record).toEqual({
      id: 1,
      owner__id: 'a',
      owner__team__name: null,
    });
    // Not nullable, not null: the column keeps its type.
    expect(flatten(object({ a: object({ b: { type: 'string' } }) }), 1, {}).properties).toEqual({
      a__b: { type: 'string' },
    });
  });

  it("reads only a nested object's own properties (a field named like an Object method)", () => {
    const flat = flattenSchema(
      object({ o: object({ constructor: { type: ['string', 'null'] }, id: { type: 'integer' } }) }),
      1,
      's',
    );
    const flattener = compileFlattener(flat.columns);
    // Not Object.prototype.constructor: the object has no such field.
    expect(flattener({ o: { id: 1 } })).toEqual({ o__constructor: undefined, o__id: 1 });
    expect(flattener({ o: { constructor: 'c', id: 1 } })).toEqual({ o__constructor: 'c', o__id: 1 });
  });
});

describe('flattening: name collisions', () => {
  const colliding = object({
    owner__id: { type: 'string' },
    owner: object({ id: { type: 'string' } }, true),
  });

  it('two properties that would make the same column are a one-line ConfigError naming both', () => {
    expect(() => flattenSchema(colliding, 1, 'tickets')).toThrow(ConfigError);
    expect(() => flattenSchema(colliding, 1, 'tickets')).toThrow(
      'cannot flatten stream "tickets": column "owner__id" would come from both owner__id and owner.id; set flattening_enabled to false or flattening_max_depth below 1',
    );
  });

  it('a collision counts only at the depths that produce it', () => {
    const schema = object({
      a__b__c: { type: 'string' },
      a: object({ b: object({ c: { type: 'string' } }) }),
    });
    expect(Object.keys(flattenSchema(schema, 1, 's').schema.properties ?? {})).toEqual(['a__b__c', 'a__b']);
    expect(() => flattenSchema(schema, 2, 's')).toThrow(/column "a__b__c" .* below 2$/);
  });

  it('checkFlattening (run at discovery and before every read) flattens every stream it is given', () => {
    const schemas: Record<string, JsonSchema> = { fine: streamSchema('tickets'), broken: colliding };
    expect(() =>
      checkFlattening([{ name: 'fine' }, { name: 'broken' }], 1, (name) => schemas[name] as JsonSchema),
    ).toThrow(/cannot flatten stream "broken"/);
    expect(() => checkFlattening([{ name: 'fine' }], 1, (name) => schemas[name] as JsonSchema)).not.toThrow();
  });

  it("this tap's streams flatten without a collision at any depth, and none needs singer-sdk's untyped or anyOf rules", () => {
    for (const depth of [1, 2, 3, 4]) expect(() => checkFlattening(STREAMS, depth)).not.toThrow();
    const untyped: string[] = [];
    const visit = (schema: JsonSchema, path: string) => {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        if (typesOf(property).length === 0 || 'anyOf' in property || 'oneOf' in property)
          untyped.push(`${path}.${field}`);
        visit(property, `${path}.${field}`);
      }
    };
    for (const stream of STREAMS) visit(streamSchema(stream.name), stream.name);
    expect(untyped).toEqual([]);
  });
});

describe('flattening leaves keys, replication keys and child streams alone', () => {
  it('every primary key, replication key and parent key keeps its name and schema', () => {
    for (const stream of STREAMS) {
      const schema = streamSchema(stream.name);
      const flat = flattenSchema(schema, 2, stream.name).schema.properties ?? {};
      const fields = [
        ...stream.primaryKey,
        ...(stream.replicationKey ? [stream.replicationKey] : []),
        ...injectedFields(stream),
      ];
      for (const field of fields)
        expect(flat[field], `${stream.name}.${field}`).toEqual(schema.properties?.[field]);
    }
  });

  it('child streams stay streams of their own: their nested objects are flattened in their own schema', () => {
    const tickets = Object.keys(flattenSchema(streamSchema('tickets'), 2, 'tickets').schema.properties ?? {});
    for (const collection of ['actions', 'clients', 'ownerHistories', 'customFieldValues'])
      expect(tickets.filter((name) => name.startsWith(collection))).toEqual([]);
    const actions = Object.keys(
      flattenSchema(streamSchema('ticket_actions'), 1, 'ticket_actions').schema.properties ?? {},
    );
    expect(actions).toContain('createdBy__id');
    expect(actions).not.toContain('createdBy');
    expect(actions.slice(0, 3)).toEqual(['ticketId', 'ticketLastUpdate', 'id']);
  });
});

describe('FlatteningSink', () => {
  function recording() {
    const calls: unknown[][] = [];
    const sink: Sink = {
      schema: (message) => calls.push(['schema', message]),
      record: (...args) => calls.push(['record', ...args]),
      activateVersion: (...args) => calls.push(['activateVersion', ...args]),
      state: (...args) => calls.push(['state', ...args]),
      streamStatus: (...args) => calls.push(['streamStatus', ...args]),
      flush: async () => {
        calls.push(['flush']);
      },
    };
    return { sink, calls };
  }
  const message: StreamSchemaMessage = {
    stream: 'ticket_actions',
    schema: {
      type: 'object',
      properties: {
        ticketId: { type: 'integer' },
        id: { type: 'integer' },
        createdBy: object({ id: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } }, true),
        tags: { type: ['array', 'null'], items: { type: 'string' } },
      },
    },
    keyProperties: ['ticketId', 'id'],
    bookmarkProperties: ['ticketLastUpdate'],
  };
  const row = { ticketId: 1, id: 2, createdBy: { id: 'ana', email: 'a@x' }, tags: ['t'] };

  it('flattens SCHEMA (keys and bookmark properties as they were) and RECORD, and passes the rest through', async () => {
    const { sink, calls } = recording();
    const flattening = new FlatteningSink(sink, 1);
    flattening.schema(message);
    flattening.record('ticket_actions', row, '2026-01-01T00:00:00.000Z', 5);
    flattening.activateVersion('ticket_actions', 5);
    flattening.state({ bookmarks: {} }, 'tickets');
    flattening.streamStatus('ticket_actions', 'COMPLETE');
    await flattening.flush();
    expect(calls).toEqual([
      [
        'schema',
        {
          ...message,
          schema: {
            type: 'object',
            properties: {
              ticketId: { type: 'integer' },
              id: { type: 'integer' },
              createdBy__id: { type: ['string', 'null'] },
              createdBy__email: { type: ['string', 'null'] },
              tags: { type: ['string', 'null'] },
            },
          },
        },
      ],
      [
        'record',
        'ticket_actions',
        { ticketId: 1, id: 2, createdBy__id: 'ana', createdBy__email: 'a@x', tags: '["t"]' },
        '2026-01-01T00:00:00.000Z',
        5,
      ],
      ['activateVersion', 'ticket_actions', 5],
      ['state', { bookmarks: {} }, 'tickets'],
      ['streamStatus', 'ticket_actions', 'COMPLETE'],
      ['flush'],
    ]);
  });

  it('with columns chosen per stream (an Airbyte configured catalog) emits only those', () => {
    const { sink, calls } = recording();
    const flattening = new FlatteningSink(
      sink,
      1,
      new Map([['ticket_actions', new Set(['ticketId', 'id', 'createdBy__email'])]]),
    );
    flattening.schema(message);
    flattening.record('ticket_actions', row, 'now');
    expect((calls[0] as [string, StreamSchemaMessage])[1].schema.properties).toEqual({
      ticketId: { type: 'integer' },
      id: { type: 'integer' },
      createdBy__email: { type: ['string', 'null'] },
    });
    expect(calls[1]?.[2]).toEqual({ ticketId: 1, id: 2, createdBy__email: 'a@x' });
  });

  it('is not installed when flattening is off or flattens nothing (depth 0, as in singer-sdk)', () => {
    const { sink } = recording();
    expect(withFlattening(sink, undefined)).toBe(sink);
    expect(withFlattening(sink, 0)).toBe(sink);
    expect(withFlattening(sink, 1)).toBeInstanceOf(FlatteningSink);
  });
});

describe('Airbyte configured catalog with flattening', () => {
  const configured = (properties: Record<string, unknown>) => ({
    streams: [
      {
        stream: {
          name: 'tickets',
          json_schema: { type: 'object', properties },
          supported_sync_modes: ['incremental'],
        },
        sync_mode: 'incremental',
        destination_sync_mode: 'append_dedup',
      },
    ],
  });

  it('a flattened column selects the property it comes from; only the columns named are emitted', () => {
    const read = readConfiguredCatalog(
      configured({ id: {}, subject: {}, owner__id: {}, tags: {} }),
      STREAMS,
      'c.json',
      1,
    );
    expect([...(read.selection.get('tickets') ?? [])].sort()).toEqual([
      'id',
      'lastUpdate',
      'owner',
      'subject',
      'tags',
    ]);
    expect([...(read.columns?.get('tickets') ?? [])].sort()).toEqual([
      'id',
      'lastUpdate',
      'owner__id',
      'subject',
      'tags',
    ]);
  });

  it('a nested property name (a catalog discovered without flattening) keeps all of its columns', () => {
    const read = readConfiguredCatalog(configured({ id: {}, owner: {} }), STREAMS, 'c.json', 1);
    expect([...(read.selection.get('tickets') ?? [])].sort()).toEqual(['id', 'lastUpdate', 'owner']);
    const columns = [...(read.columns?.get('tickets') ?? [])];
    expect(columns.filter((column) => column.startsWith('owner__')).length).toBe(
      Object.keys(streamSchema('tickets').properties?.owner?.properties ?? {}).length,
    );
  });

  it('without flattening, selection is by property and no columns are chosen', () => {
    const read = readConfiguredCatalog(configured({ id: {}, owner__id: {} }), STREAMS, 'c.json');
    expect([...(read.selection.get('tickets') ?? [])].sort()).toEqual(['id', 'lastUpdate']);
    expect(read.columns).toBeUndefined();
  });
});
