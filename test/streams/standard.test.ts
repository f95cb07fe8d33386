import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { discoverCatalog } from '../../src/engine/catalog.js';
import { automaticFields, findStream, injectedFields, rootOf } from '../../src/engine/metadata.js';
import { STREAMS } from '../../src/streams/index.js';
import { SCHEMAS_DIR, streamSchema, typesOf } from '../../src/streams/schemas.js';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const catalog = discoverCatalog(STREAMS) as {
  streams: {
    tap_stream_id: string;
    metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
    key_properties: string[];
  }[];
};

/** The generic suite: every registered stream, whatever it is, must pass these. */
describe.each(STREAMS.map((stream) => [stream.name, stream] as const))('stream %s', (name, stream) => {
  const schema = streamSchema(name);
  const properties = schema.properties ?? {};

  it('has a draft-07 schema file of the same name that ajv compiles, never closed to extra fields', () => {
    expect(existsSync(join(SCHEMAS_DIR, 'streams', `${name}.json`))).toBe(true);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
  });

  it('declares primary key and replication key fields that exist, keys not nullable', () => {
    for (const key of stream.primaryKey) {
      expect(properties[key], key).toBeDefined();
      expect(typesOf(properties[key])).not.toContain('null');
    }
    if (stream.replicationKey) expect(properties[stream.replicationKey]?.format).toBe('date-time');
  });

  it('has exactly the fields the tap injects described as injected, and its parent registered before it', () => {
    const described = Object.keys(properties).filter((field) =>
      /\(injected by the tap/.test(String(properties[field]?.description)),
    );
    expect(new Set(described)).toEqual(injectedFields(stream));
    if (stream.kind === 'child') {
      const parent = findStream(stream.parent);
      expect(parent).toBeDefined();
      expect(STREAMS.indexOf(parent as never)).toBeLessThan(STREAMS.indexOf(stream));
    }
  });

  it('is in the catalog with standard metadata: keys and replication key automatic, the rest available', () => {
    const entry = catalog.streams.find((s) => s.tap_stream_id === name);
    expect(entry?.key_properties).toEqual(stream.primaryKey);
    const root = entry?.metadata.find((m) => m.breadcrumb.length === 0)?.metadata;
    expect(root?.['table-key-properties']).toEqual(stream.primaryKey);
    const owner = rootOf(stream, STREAMS);
    const choices = owner.replicationMethods ?? [owner.replicationMethod];
    expect(root?.['forced-replication-method']).toBe(
      choices.length === 1 ? owner.replicationMethod : undefined,
    );
    expect(root?.['replication-method']).toBe(owner.replicationMethod);
    if (stream.kind === 'child') expect(root?.['parent-tap-stream-id']).toBe(stream.parent);
    const automatic = automaticFields(stream);
    for (const field of Object.keys(properties)) {
      const meta = entry?.metadata.find((m) => m.breadcrumb[1] === field)?.metadata;
      expect(meta?.inclusion, field).toBe(automatic.has(field) ? 'automatic' : 'available');
    }
  });

  it('has a generated TypeScript type', () => {
    expect(existsSync(join(SCHEMAS_DIR, '..', 'src', 'generated', 'streams', `${name}.ts`))).toBe(true);
  });
});

describe('registry', () => {
  it('has exactly one stream per schema file', () => {
    const files = readdirSync(join(SCHEMAS_DIR, 'streams')).map((file) => file.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(STREAMS.map((stream) => stream.name).sort());
  });
});
