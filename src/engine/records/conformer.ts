import { ApiDataError } from '../../errors.js';
import type { JsonRecord } from '../../streams/define.js';
import { type JsonSchema, typesOf } from '../../streams/schemas.js';
import { type Coercer, compileBuilder, type Fail, type RecordBuilder } from './builder.js';
import { type DataIssues, show } from './data-issues.js';
import { toRfc3339 } from './datetime.js';

/** What a nested coercer returns for a value that cannot be made to fit without loss. */
const INVALID: unique symbol = Symbol('invalid');
/** Coerces one value; a nested value that had to become null is reported through `nulled`. */
type Inner = (value: unknown, nulled: Fail, path: string) => unknown;

export interface ConformerOptions {
  /** Collections read for child streams: expected on the row, not part of this schema. */
  collections?: ReadonlySet<string>;
  /** Fields taken from the parent's context (ancestors' keys, derived keys), not from the row. */
  fromPrefix?: ReadonlySet<string>;
  /** Primary-key fields: a value that does not fit them is an error, never a null. */
  keys?: readonly string[];
}

/**
 * Makes an API row match its stream schema: keeps only selected schema properties (a field the
 * schema lacks is logged once: our schema is behind), normalises timestamps to RFC 3339 UTC and
 * converts what converts without loss (numbers sent as strings and the reverse, "true"/"false").
 * Any other value that does not fit becomes null, reported to `DataIssues`: a real account that
 * differs from the documentation never costs a record. Only a primary-key value that does not fit is
 * an error. This runs for every record of a sync, so the record is built by a function generated once
 * from the schema (see record-builder.ts).
 */
export class RecordConformer {
  private readonly coercers = new Map<string, Coercer>();
  /** Row properties that are expected: schema properties and collections read for child streams. */
  private readonly known = new Set<string>();
  private readonly keys: ReadonlySet<string>;
  private readonly build: RecordBuilder;

  constructor(
    private readonly stream: string,
    schema: JsonSchema,
    fields: ReadonlySet<string>,
    private readonly issues: DataIssues,
    options: ConformerOptions = {},
  ) {
    this.keys = new Set(options.keys ?? []);
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      const inner = compile(property);
      const expected = describeTypes(property);
      this.coercers.set(field, (value, fail, path) => {
        const coerced = inner(value, this.nestedNull, path);
        return coerced === INVALID ? fail(path, value, expected) : coerced;
      });
      this.known.add(field);
    }
    for (const collection of options.collections ?? []) this.known.add(collection);
    const emitted = [...this.coercers.keys()].filter((field) => fields.has(field));
    this.build = compileBuilder(schema, emitted, options.fromPrefix ?? new Set(), this.coercers);
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
    this.issues.logger.warnOnce(
      `extra:${this.stream}:${field}`,
      `Stream ${this.stream}: the API sent field "${field}" that the schema lacks; it is dropped (the tap's schema is behind)`,
    );
  }

  /**
   * A top-level value that does not fit: null, unless it is part of the primary key. That throws
   * without the record's key: the caller knows the row and adds it (see FieldError).
   */
  private readonly fail: Fail = (path, value, expected) => {
    if (!this.keys.has(path)) return this.issues.nulled(this.stream, path, value, expected);
    throw new FieldError(
      this.stream,
      `field ${path}, part of the primary key, is ${show(value)}, expected ${expected}; the API changed or the schema in schemas/streams/${this.stream}.json is wrong`,
    );
  };

  private readonly nestedNull: Fail = (path, value, expected) =>
    this.issues.nulled(this.stream, path, value, expected);
}

/** A key value that does not fit; `withKey` turns it into the one-line ApiDataError users see. */
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

function describeTypes(schema: JsonSchema): string {
  return schema.format === 'date-time' ? 'a date-time' : typesOf(schema).join('/');
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, True: true, False: false };

/**
 * A coercer for one schema: returns the value (the same object when nothing inside changed), a
 * lossless conversion of it, or INVALID. A nested property that cannot fit becomes null when its
 * schema allows null (reported through `nulled`); otherwise the whole value is INVALID, and so is an
 * array with an item that cannot fit (a list with holes would not match the schema).
 */
function compile(schema: JsonSchema): Inner {
  const types = new Set(typesOf(schema));
  if (types.size === 0) return (value) => value;
  if (schema.format === 'date-time') {
    return (value) => {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'string') return INVALID;
      return toRfc3339(value) ?? INVALID;
    };
  }
  const isInteger = types.has('integer') && !types.has('number');
  const isNumber = types.has('integer') || types.has('number');
  const isString = types.has('string');
  const isBoolean = types.has('boolean');
  const item = schema.items ? compile(schema.items) : undefined;
  const nested = new Map(
    Object.entries(schema.properties ?? {}).map(([field, property]) => [
      field,
      {
        coerce: compile(property),
        nullable: typesOf(property).includes('null'),
        expected: describeTypes(property),
      },
    ]),
  );
  return (value, nulled, path) => {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
        if (isString) return value;
        if (isNumber) {
          const number = Number(value);
          if (value.trim() === '' || !Number.isFinite(number) || (isInteger && !Number.isInteger(number)))
            return INVALID;
          return number;
        }
        if (isBoolean && value in BOOLEAN_TEXT) return BOOLEAN_TEXT[value];
        return INVALID;
      case 'number':
        if (types.has('number') || (types.has('integer') && Number.isInteger(value))) return value;
        if (isString) return String(value);
        return INVALID;
      case 'boolean':
        if (isBoolean) return value;
        if (isString) return String(value);
        return INVALID;
      case 'object': {
        // Copied only when something inside had to change: most nested values already fit.
        if (Array.isArray(value)) {
          if (!types.has('array')) return INVALID;
          if (!item) return value;
          let copy: unknown[] | undefined;
          for (let index = 0; index < value.length; index++) {
            const element = value[index];
            const coerced = item(element, nulled, path);
            if (coerced === INVALID) return INVALID;
            if (coerced !== element) {
              copy ??= value.slice();
              copy[index] = coerced;
            }
          }
          return copy ?? value;
        }
        if (!types.has('object')) return INVALID;
        if (nested.size === 0) return value;
        let copy: JsonRecord | undefined;
        for (const field in value as JsonRecord) {
          const property = nested.get(field);
          if (!property) continue;
          const inner = (value as JsonRecord)[field];
          let coerced = property.coerce(inner, nulled, `${path}.${field}`);
          if (coerced === INVALID) {
            if (!property.nullable) return INVALID;
            coerced = nulled(`${path}.${field}`, inner, property.expected);
          }
          if (coerced !== inner && !(coerced === null && inner === undefined)) {
            copy ??= { ...(value as JsonRecord) };
            copy[field] = coerced;
          }
        }
        return copy ?? value;
      }
      default:
        return INVALID;
    }
  };
}
