import type { JsonRecord } from '../../streams/define.js';
import { type JsonSchema, typesOf } from '../../streams/schemas.js';

/** Makes one value fit its schema (copying only what changes), or returns what `fail` returns. */
export type Coercer = (value: unknown, fail: Fail, path: string) => unknown;
/** Called with a value that does not fit: returns its replacement (null) or throws. */
export type Fail = (path: string, value: unknown, expected: string) => null;
/** Builds a record from a row, the prefix (parent keys) and a failure callback. */
export type RecordBuilder = (row: JsonRecord, prefix: JsonRecord | undefined, fail: Fail) => JsonRecord;

/**
 * Generates, once per stream and selection, a function that builds the record as one object
 * literal: every record of a stream then shares one hidden class, which is what makes building it
 * and JSON.stringify over it fast (keyed stores into `{}` cost about as much again). Each field is
 * first checked against an inline test of its schema without allocating; only a value that does
 * not fit goes through `coercers[field]`, which converts it or fails. Fields the row lacks stay
 * undefined, so JSON.stringify leaves them out as before.
 */
export function compileBuilder(
  schema: JsonSchema,
  fields: readonly string[],
  fromPrefix: ReadonlySet<string>,
  coercers: ReadonlyMap<string, Coercer>,
): RecordBuilder {
  const properties = schema.properties ?? {};
  const slow: Coercer[] = [];
  const checks: ((value: unknown) => boolean)[] = [];
  const entries = fields.map((field) => {
    const key = safeKey(field);
    if (fromPrefix.has(field)) return `${key}: prefix === undefined ? undefined : ${own('prefix', field)}`;
    const coercer = coercers.get(field);
    if (!coercer) return `${key}: ${own('row', field)}`;
    slow.push(coercer);
    const fits = fitsExpression(properties[field] ?? {}, 'v', checks);
    return `${key}: (v = ${own('row', field)}) === undefined ? undefined : ${fits} ? v : slow[${slow.length - 1}](v, fail, ${key})`;
  });
  const body = `return function build(row, prefix, fail) {\n  let v;\n  return {\n    ${entries.join(',\n    ')}\n  };\n};`;
  return new Function('slow', 'checks', body)(slow, checks) as RecordBuilder;
}

/** Builds the keys a row hands on (to its own record or its children) from its context and itself. */
export type ContextBuilder = (row: JsonRecord, context: JsonRecord | undefined) => JsonRecord;

/**
 * Generates a context builder: the `inherited` fields copied from the context, then each `computed`
 * field from the row. One literal per call keeps every context of a stream on one hidden class.
 */
export function compileContext(
  inherited: readonly string[],
  computed: ReadonlyArray<readonly [string, (row: JsonRecord) => unknown]>,
): ContextBuilder {
  const entries = [
    ...inherited.map(
      (field) => `${safeKey(field)}: context === undefined ? undefined : ${own('context', field)}`,
    ),
    ...computed.map(([field], index) => `${safeKey(field)}: computed[${index}](row)`),
  ];
  const body = `return function context(row, context) {\n  return {\n    ${entries.join(',\n    ')}\n  };\n};`;
  return new Function('computed', body)(computed.map(([, compute]) => compute)) as ContextBuilder;
}

/**
 * Reads an own property: `row.constructor` would find Object.prototype's where the row has none, so
 * names the prototype also has are read through Object.hasOwn (the rest need no check).
 */
function own(object: string, field: string): string {
  const key = JSON.stringify(field);
  return field in Object.prototype
    ? `(Object.hasOwn(${object}, ${key}) ? ${object}[${key}] : undefined)`
    : `${object}[${key}]`;
}

/** A field name as an object-literal key; `__proto__` would set the prototype instead. */
function safeKey(field: string): string {
  if (field === '__proto__') throw new Error('"__proto__" cannot be a record field');
  return JSON.stringify(field);
}

/**
 * A JS expression over `name` that is true when the value already fits the schema unchanged (the
 * slow coercer would return it as is). False only means "ask the coercer", never "invalid".
 */
function fitsExpression(schema: JsonSchema, name: string, checks: ((value: unknown) => boolean)[]): string {
  const types = typesOf(schema);
  if (types.length === 0) return 'true';
  // Timestamps are rewritten to RFC 3339 with Z: they never pass through unchanged.
  if (schema.format === 'date-time') return `(${name} === null)`;
  const tests = [`${name} === null`];
  for (const type of new Set(types)) {
    switch (type) {
      case 'string':
        tests.push(`typeof ${name} === "string"`);
        break;
      case 'number':
        tests.push(`typeof ${name} === "number"`);
        break;
      case 'integer':
        if (!types.includes('number')) tests.push(`Number.isInteger(${name})`);
        break;
      case 'boolean':
        tests.push(`typeof ${name} === "boolean"`);
        break;
      case 'object':
      case 'array':
        checks.push(compileCheck(schema, type));
        tests.push(`checks[${checks.length - 1}](${name})`);
        break;
    }
  }
  return `(${tests.join(' || ')})`;
}

/** A predicate for nested objects and arrays, generated the same way (one function per level). */
function compileCheck(schema: JsonSchema, type: 'object' | 'array'): (value: unknown) => boolean {
  const checks: ((value: unknown) => boolean)[] = [];
  const lines: string[] = [];
  if (type === 'array') {
    lines.push('if (!Array.isArray(x)) return false;');
    if (schema.items && typesOf(schema.items).length > 0) {
      const fits = fitsExpression(schema.items, 'v', checks);
      lines.push(`for (let i = 0; i < x.length; i++) { const v = x[i]; if (!${fits}) return false; }`);
    }
  } else {
    lines.push('if (typeof x !== "object" || x === null || Array.isArray(x)) return false;');
    lines.push('let v;');
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      if (typesOf(property).length === 0) continue;
      const fits = fitsExpression(property, 'v', checks);
      lines.push(`v = ${own('x', field)}; if (v !== undefined && !${fits}) return false;`);
    }
  }
  lines.push('return true;');
  const body = `return function check(x) {\n  ${lines.join('\n  ')}\n};`;
  return new Function('checks', body)(checks) as (value: unknown) => boolean;
}
