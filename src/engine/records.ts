import { ApiDataError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JsonRecord } from '../streams/define.js';
import { type JsonSchema, typesOf } from '../streams/schemas.js';
import { toRfc3339 } from './datetime.js';
import { type Coercer, compileBuilder, type RecordBuilder } from './record-builder.js';

/**
 * Makes an API row match its stream schema: keeps only selected schema properties (a field the
 * schema lacks is logged once: our schema is behind), normalises timestamps to RFC 3339 and coerces
 * numbers sent as strings (and the reverse). Anything else that does not fit is an ApiDataError.
 * This runs for every record of a sync, so the record is built by a function generated once from
 * the schema (see record-builder.ts).
 */
export class RecordConformer {
  private readonly coercers = new Map<string, Coercer>();
  /** Row properties that are expected: schema properties and collections read for child streams. */
  private readonly known = new Set<string>();
  private readonly build: RecordBuilder;

  constructor(
    private readonly stream: string,
    schema: JsonSchema,
    fields: ReadonlySet<string>,
    private readonly logger: Logger,
    /** Collections read for child streams: expected on the row, not part of this schema. */
    childCollections: ReadonlySet<string> = new Set(),
    /** Fields taken from the parent's context (ancestors' keys, derived keys), not from the row. */
    fromPrefix: ReadonlySet<string> = new Set(),
  ) {
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      this.coercers.set(field, compile(property));
      this.known.add(field);
    }
    for (const collection of childCollections) this.known.add(collection);
    const emitted = [...this.coercers.keys()].filter((field) => fields.has(field));
    this.build = compileBuilder(schema, emitted, fromPrefix, this.coercers);
  }

  /** Coerces one field's value (parent keys handed to children go through here once per parent). */
  coerce(field: string, value: unknown): unknown {
    const coercer = this.coercers.get(field);
    return coercer ? coercer(value, this.fail, field) : value;
  }

  /** The record: the row's selected fields, and the prefix's (a row never overrides those). */
  conform(row: JsonRecord, prefix?: JsonRecord): JsonRecord {
    this.checkExtras(row);
    return this.build(row, prefix, this.fail);
  }

  private checkExtras(row: JsonRecord): void {
    for (const field in row) {
      if (this.known.has(field)) continue;
      this.extraField(field);
      this.known.add(field);
    }
  }

  private extraField(field: string): void {
    this.logger.warnOnce(
      `extra:${this.stream}:${field}`,
      `Stream ${this.stream}: the API sent field "${field}" that the schema lacks; it is dropped (the tap's schema is behind)`,
    );
  }

  /** Throws without the record's key: the caller knows the row and adds it (see FieldError). */
  private readonly fail = (path: string, value: unknown, expected: string): never => {
    const shown = JSON.stringify(value);
    throw new FieldError(
      this.stream,
      `field ${path} is ${shown && shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}, expected ${expected}; the API changed or the schema in schemas/streams/${this.stream}.json is wrong`,
    );
  };
}

/** A value that does not fit; `withKey` turns it into the one-line ApiDataError users see. */
export class FieldError extends Error {
  constructor(
    readonly stream: string,
    readonly detail: string,
  ) {
    super(detail);
  }

  withKey(key: string): ApiDataError {
    return new ApiDataError(`Stream ${this.stream}, record ${key}: ${this.detail}`);
  }
}

function compile(schema: JsonSchema): Coercer {
  const types = new Set(typesOf(schema));
  if (types.size === 0) return (value) => value;
  const expected = [...types].join('/');
  if (schema.format === 'date-time') {
    return (value, fail, path) => {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'string') return fail(path, value, expected);
      return toRfc3339(value) ?? fail(path, value, 'a date-time');
    };
  }
  const isInteger = types.has('integer') && !types.has('number');
  const isNumber = types.has('integer') || types.has('number');
  const isString = types.has('string');
  const item = schema.items ? compile(schema.items) : undefined;
  const nested = new Map(
    Object.entries(schema.properties ?? {}).map(([field, property]) => [field, compile(property)]),
  );
  return (value, fail, path) => {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
        if (isString) return value;
        if (isNumber) {
          const number = Number(value);
          if (value.trim() === '' || !Number.isFinite(number) || (isInteger && !Number.isInteger(number)))
            return fail(path, value, expected);
          return number;
        }
        return fail(path, value, expected);
      case 'number':
        if (types.has('number') || (types.has('integer') && Number.isInteger(value))) return value;
        if (isString) return String(value);
        return fail(path, value, expected);
      case 'boolean':
        if (types.has('boolean')) return value;
        if (isString) return String(value);
        return fail(path, value, expected);
      case 'object': {
        // Copied only when something inside had to change: most nested values already fit.
        if (Array.isArray(value)) {
          if (!types.has('array')) return fail(path, value, expected);
          if (!item) return value;
          let copy: unknown[] | undefined;
          for (let index = 0; index < value.length; index++) {
            const element = value[index];
            const coerced = item(element, fail, path);
            if (coerced !== element) {
              copy ??= value.slice();
              copy[index] = coerced;
            }
          }
          return copy ?? value;
        }
        if (!types.has('object')) return fail(path, value, expected);
        if (nested.size === 0) return value;
        let copy: JsonRecord | undefined;
        for (const field in value as JsonRecord) {
          const coercer = nested.get(field);
          if (!coercer) continue;
          const inner = (value as JsonRecord)[field];
          const coerced = coercer(inner, fail, `${path}.${field}`);
          if (coerced !== inner && !(coerced === null && inner === undefined)) {
            copy ??= { ...(value as JsonRecord) };
            copy[field] = coerced;
          }
        }
        return copy ?? value;
      }
      default:
        return fail(path, value, expected);
    }
  };
}
