import { ApiDataError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JsonRecord } from '../streams/define.js';
import { type JsonSchema, typesOf } from '../streams/schemas.js';
import { toRfc3339 } from './datetime.js';

/**
 * Makes an API row match its stream schema: keeps only selected schema properties (a field the
 * schema lacks is logged once: our schema is behind), normalises timestamps to RFC 3339 and coerces
 * numbers sent as strings (and the reverse). Anything else that does not fit is an ApiDataError.
 */
export class RecordConformer {
  constructor(
    private readonly stream: string,
    private readonly schema: JsonSchema,
    private readonly fields: ReadonlySet<string>,
    private readonly logger: Logger,
    /** Collections read for child streams: expected on the row, not part of this schema. */
    private readonly childCollections: ReadonlySet<string> = new Set(),
  ) {}

  conform(row: JsonRecord, keyOf: () => string): JsonRecord {
    const out: JsonRecord = {};
    const properties = this.schema.properties ?? {};
    for (const [field, value] of Object.entries(row)) {
      const property = properties[field];
      if (!property) {
        if (this.childCollections.has(field)) continue;
        this.logger.warnOnce(
          `extra:${this.stream}:${field}`,
          `Stream ${this.stream}: the API sent field "${field}" that the schema lacks; it is dropped (the tap's schema is behind)`,
        );
        continue;
      }
      if (!this.fields.has(field)) continue;
      out[field] = this.value(value, property, field, keyOf);
    }
    return out;
  }

  private value(value: unknown, schema: JsonSchema, path: string, keyOf: () => string): unknown {
    if (value === null || value === undefined) {
      if (value === undefined) return null;
      return value;
    }
    const types = typesOf(schema);
    if (types.length === 0) return value;
    if (schema.format === 'date-time' && typeof value === 'string') {
      const normalised = toRfc3339(value);
      if (normalised === undefined) this.fail(path, value, 'a date-time', keyOf);
      return normalised;
    }
    if (
      typeof value === 'string' &&
      (types.includes('integer') || types.includes('number')) &&
      !types.includes('string')
    ) {
      const number = Number(value);
      if (
        value.trim() === '' ||
        !Number.isFinite(number) ||
        (types.includes('integer') && !types.includes('number') && !Number.isInteger(number))
      ) {
        this.fail(path, value, types.join('/'), keyOf);
      }
      return number;
    }
    if (typeof value === 'number') {
      if (types.includes('number') || (types.includes('integer') && Number.isInteger(value))) return value;
      if (types.includes('string')) return String(value);
      this.fail(path, value, types.join('/'), keyOf);
    }
    if (typeof value === 'boolean') {
      if (types.includes('boolean')) return value;
      if (types.includes('string')) return String(value);
      this.fail(path, value, types.join('/'), keyOf);
    }
    if (Array.isArray(value)) {
      if (!types.includes('array')) this.fail(path, value, types.join('/'), keyOf);
      return schema.items
        ? value.map((item, index) => this.value(item, schema.items as JsonSchema, `${path}[${index}]`, keyOf))
        : value;
    }
    if (typeof value === 'object') {
      if (!types.includes('object')) this.fail(path, value, types.join('/'), keyOf);
      const nested: JsonRecord = {};
      for (const [field, inner] of Object.entries(value as JsonRecord)) {
        const property = schema.properties?.[field];
        nested[field] = property ? this.value(inner, property, `${path}.${field}`, keyOf) : inner;
      }
      return nested;
    }
    if (typeof value === 'string' && !types.includes('string'))
      this.fail(path, value, types.join('/'), keyOf);
    return value;
  }

  private fail(path: string, value: unknown, expected: string, keyOf: () => string): never {
    const shown = JSON.stringify(value);
    throw new ApiDataError(
      `Stream ${this.stream}, record ${keyOf()}: field ${path} is ${shown && shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}, expected ${expected}; the API changed or the schema in schemas/streams/${this.stream}.json is wrong`,
    );
  }
}
