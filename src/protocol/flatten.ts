import type { StreamFailure } from '../engine/failures.js';
import type { Sink, StreamSchemaMessage } from '../engine/sink.js';
import { ConfigError } from '../errors.js';
import type { JsonRecord, StreamDefinition } from '../streams/define.js';
import { type JsonSchema, streamSchema, typesOf } from '../streams/schemas.js';

/**
 * Schema flattening (settings `flattening_enabled`, `flattening_max_depth`), with singer-sdk's
 * semantics (singer_sdk/helpers/_flattening.py): a property whose type includes "object" and that
 * has properties, met above the depth limit, is replaced by its properties, named
 * `parent__child`; a property whose type includes "array", or "object" at or past the limit,
 * becomes a string column holding the value as compact JSON (`["string","null"]` when it was
 * nullable); any other property is kept as it is. Depth counts from the top: 1 flattens `owner`
 * into `owner__id`, and an object inside `owner` would be a JSON string. Two properties that would
 * get the same column name are an error. Keys, replication keys and parent keys are top-level
 * scalars, so they keep their names; child streams stay separate streams (their own nested objects
 * are flattened in their own records).
 *
 * Where this tap differs from singer-sdk (README, "Flattening"): a null object gives each of its
 * columns a null (singer-sdk leaves a stray `owner: null` key that is no column of the flattened
 * schema, and no columns at all), and those columns accept null; JSON strings keep non-ASCII
 * characters as they are (singer-sdk writes `\u00e3`; the JSON value is the same); the separator is
 * always `__` and names are never shortened (singer-sdk's `flattening_separator` and
 * `flattening_max_key_length`); singer-sdk's rules for untyped and `anyOf` properties are not
 * needed, as no schema of this tap has one (a spec checks it).
 */

export const SEPARATOR = '__';

/** One column of a flattened stream: where its value sits in the nested record. */
export interface FlatColumn {
  name: string;
  /** Property names from the top of the record down to the value. */
  path: readonly string[];
  /** The value is written as a JSON string (arrays, objects at or past the depth limit). */
  json: boolean;
}

export interface FlatSchema {
  schema: JsonSchema;
  columns: FlatColumn[];
}

/**
 * The flattened schema of a stream (`maxDepth` > 0). Throws a ConfigError, naming the stream and
 * both properties, when two properties would become the same column.
 */
export function flattenSchema(schema: JsonSchema, maxDepth: number, stream: string): FlatSchema {
  const properties: Record<string, JsonSchema> = {};
  const columns: FlatColumn[] = [];
  const walk = (node: JsonSchema, path: string[], nullable: boolean, level: number) => {
    for (const [field, property] of Object.entries(node.properties ?? {})) {
      const at = [...path, field];
      const name = at.join(SEPARATOR);
      const types = typesOf(property);
      if (types.includes('object') && Object.keys(property.properties ?? {}).length > 0 && level < maxDepth) {
        walk(property, at, nullable || types.includes('null'), level + 1);
        continue;
      }
      const json = types.includes('array') || types.includes('object');
      let column = property;
      if (json) column = { type: types.includes('null') || nullable ? ['string', 'null'] : 'string' };
      // Inside an object that can be null: the column is null when the object is.
      else if (nullable && types.length > 0 && !types.includes('null'))
        column = { ...property, type: [...types, 'null'] };
      const taken = columns.find((other) => other.name === name);
      if (taken) {
        const depth = Math.max(taken.path.length, at.length) - 1;
        throw new ConfigError(
          `cannot flatten stream "${stream}": column "${name}" would come from both ${taken.path.join('.')} and ${at.join('.')}; set flattening_enabled to false or flattening_max_depth below ${depth}`,
        );
      }
      properties[name] = column;
      columns.push({ name, path: at, json });
    }
  };
  walk(schema, [], false, 0);
  const required = schema.required?.filter((field) => field in properties);
  return {
    schema: { ...schema, properties, ...(required ? { required } : {}) },
    columns,
  };
}

/**
 * Flattens the full schema of every stream, so that a name collision is found before anything is
 * read or discovered (a selection only removes properties, so it cannot add one).
 */
export function checkFlattening(
  streams: readonly Pick<StreamDefinition, 'name'>[],
  maxDepth: number,
  schemaOf: (stream: string) => JsonSchema = streamSchema,
): void {
  for (const stream of streams) flattenSchema(schemaOf(stream.name), maxDepth, stream.name);
}

export type Flattener = (record: JsonRecord) => JsonRecord;

/**
 * Generates, once per stream, the function that flattens its records: one object literal (every
 * record of a stream shares one hidden class, as the record builder's do). A value the record lacks
 * stays undefined, so it is left out as before; a null object makes each of its columns null.
 */
export function compileFlattener(columns: readonly FlatColumn[]): Flattener {
  const objects = new Map<string, string>();
  const lines: string[] = [];
  /** The variable holding the object at `path` (null/undefined passed down as they are). */
  const holder = (path: readonly string[]): string => {
    if (path.length === 0) return 'r';
    const key = path.join('\u0000');
    let variable = objects.get(key);
    if (variable === undefined) {
      const parent = holder(path.slice(0, -1));
      variable = `o${objects.size}`;
      objects.set(key, variable);
      lines.push(`const ${variable} = ${read(parent, path.at(-1) as string)};`);
    }
    return variable;
  };
  const entries = columns.map((column) => {
    const value = read(holder(column.path.slice(0, -1)), column.path.at(-1) as string);
    const key = safeKey(column.name);
    return column.json ? `${key}: (v = ${value}) == null ? v : JSON.stringify(v)` : `${key}: ${value}`;
  });
  const body = `return function flatten(r) {\n  ${lines.join('\n  ')}\n  let v;\n  return {\n    ${entries.join(',\n    ')}\n  };\n};`;
  return new Function(body)() as Flattener;
}

/** `object[field]`, undefined/null when the object is; own properties only (see builder.ts). */
function read(object: string, field: string): string {
  const key = JSON.stringify(field);
  const access =
    field in Object.prototype
      ? `(Object.hasOwn(${object}, ${key}) ? ${object}[${key}] : undefined)`
      : `${object}[${key}]`;
  return object === 'r' ? access : `(${object} == null ? ${object} : ${access})`;
}

function safeKey(field: string): string {
  if (field === '__proto__') throw new Error('"__proto__" cannot be a record field');
  return JSON.stringify(field);
}

/**
 * Flattens what the engine emits before the protocol adapter (Singer or Airbyte) writes it: each
 * SCHEMA is flattened and a flattener compiled for its stream; each RECORD goes through it.
 * Installed only when flattening is on, so a sync without it pays nothing. `columns`, per stream,
 * keeps only those columns (an Airbyte configured catalog chooses columns, not properties).
 */
export class FlatteningSink implements Sink {
  private readonly flatteners = new Map<string, Flattener>();

  constructor(
    private readonly inner: Sink,
    private readonly maxDepth: number,
    private readonly columns?: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  schema(message: StreamSchemaMessage): void {
    const flat = flattenSchema(message.schema, this.maxDepth, message.stream);
    const keep = this.columns?.get(message.stream);
    let { schema, columns } = flat;
    if (keep) {
      columns = columns.filter((column) => keep.has(column.name));
      const properties = Object.fromEntries(
        columns.map((column) => [column.name, schema.properties?.[column.name] as JsonSchema]),
      );
      const required = schema.required?.filter((field) => keep.has(field));
      schema = { ...schema, properties, ...(required ? { required } : {}) };
    }
    this.flatteners.set(message.stream, compileFlattener(columns));
    this.inner.schema({ ...message, schema });
  }

  record(stream: string, record: JsonRecord, extractedAt: string, version?: number): void {
    const flatten = this.flatteners.get(stream);
    this.inner.record(stream, flatten ? flatten(record) : record, extractedAt, version);
  }

  activateVersion(stream: string, version: number): void {
    this.inner.activateVersion?.(stream, version);
  }

  state(value: unknown, stream: string): void {
    this.inner.state(value, stream);
  }

  streamStatus(stream: string, status: 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE'): void {
    this.inner.streamStatus?.(stream, status);
  }

  streamFailed(failure: StreamFailure): void {
    this.inner.streamFailed?.(failure);
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }
}

/** The sink to hand the engine: `inner` itself when flattening is off (`maxDepth` undefined or 0). */
export function withFlattening(
  inner: Sink,
  maxDepth: number | undefined,
  columns?: ReadonlyMap<string, ReadonlySet<string>>,
): Sink {
  return maxDepth ? new FlatteningSink(inner, maxDepth, columns) : inner;
}
