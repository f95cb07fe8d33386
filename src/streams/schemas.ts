import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** JSON Schema as read from schemas/; loose on purpose, the files are validated by ajv in tests. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  $ref?: string;
  [keyword: string]: unknown;
}

/** schemas/ sits at the package root; both src/streams and dist/streams are two levels below it. */
export const SCHEMAS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

const cache = new Map<string, JsonSchema>();

/** The schema of a stream with every `$ref` inlined (Singer SCHEMA messages cannot carry refs). */
export function streamSchema(stream: string): JsonSchema {
  let schema = cache.get(stream);
  if (!schema) {
    schema = loadInlined(join(SCHEMAS_DIR, 'streams', `${stream}.json`));
    cache.set(stream, schema);
  }
  return schema;
}

export function configSchema(): JsonSchema {
  return loadInlined(join(SCHEMAS_DIR, 'config.json'));
}

function loadInlined(file: string): JsonSchema {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  return inline(schema, dirname(file), true);
}

function inline(node: unknown, baseDir: string, root = false): JsonSchema {
  if (Array.isArray(node)) return node.map((item) => inline(item, baseDir)) as unknown as JsonSchema;
  if (node === null || typeof node !== 'object') return node as JsonSchema;
  const object = node as JsonSchema;
  if (typeof object.$ref === 'string') {
    const file = resolve(baseDir, object.$ref);
    const { $schema: _s, $id: _i, ...target } = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
    return inline(target, dirname(file));
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(object)) {
    if (root || key !== '$schema') out[key] = inline(value, baseDir);
  }
  return out;
}

/** `["string","null"]` → `["string","null"]`; `"string"` → `["string"]`. */
export function typesOf(schema: JsonSchema | undefined): string[] {
  if (!schema?.type) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Properties that OData treats as navigation (objects, arrays of objects): they need `$expand`. */
export function isNavigation(schema: JsonSchema | undefined): boolean {
  const types = typesOf(schema);
  if (types.includes('object')) return true;
  return types.includes('array') && typesOf(schema?.items).includes('object');
}
