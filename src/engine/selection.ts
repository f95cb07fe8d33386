import { CatalogError } from '../errors.js';
import type { StreamDefinition } from '../streams/define.js';
import { streamSchema } from '../streams/schemas.js';
import { automaticFields } from './metadata.js';

/** Selected streams, each with the top-level fields to emit. */
export type Selection = Map<string, Set<string>>;

interface CatalogMetadataEntry {
  breadcrumb: string[];
  metadata: Record<string, unknown>;
}

interface CatalogStreamEntry {
  tap_stream_id?: unknown;
  stream?: unknown;
  schema?: { selected?: unknown; properties?: Record<string, { selected?: unknown }> };
  metadata?: unknown;
}

/** Everything, as a sync without a catalog replicates (every stream and field is selected by default). */
export function selectAll(streams: readonly StreamDefinition[]): Selection {
  return new Map(
    streams.map((stream) => [stream.name, new Set(Object.keys(streamSchema(stream.name).properties ?? {}))]),
  );
}

/**
 * Reads selection from a Singer catalog, following singer-sdk's rules: `inclusion: unsupported` never,
 * `automatic` always, then an explicit `selected`, then `selected-by-default`, then the parent's
 * choice. String booleans and the legacy `"selected": true` inside the schema are honoured.
 */
export function selectFromCatalog(
  catalog: unknown,
  streams: readonly StreamDefinition[],
  source: string,
): Selection {
  if (!isObject(catalog) || !Array.isArray(catalog.streams)) {
    throw new CatalogError(
      `${source} is not a Singer catalog: expected an object with a "streams" array; regenerate it with --discover`,
    );
  }
  const byName = new Map(streams.map((stream) => [stream.name, stream]));
  const selection: Selection = new Map();
  (catalog.streams as unknown[]).forEach((raw, index) => {
    if (!isObject(raw)) throw new CatalogError(`${source}: streams[${index}] is not an object`);
    const entry = raw as CatalogStreamEntry;
    const id = entry.tap_stream_id ?? entry.stream;
    if (typeof id !== 'string') throw new CatalogError(`${source}: streams[${index}] has no tap_stream_id`);
    const definition = byName.get(id);
    if (!definition) {
      throw new CatalogError(
        `${source} names stream "${id}", which tap-movidesk does not have; known streams: ${[...byName.keys()].join(', ')}. Regenerate the catalog with --discover`,
      );
    }
    if (entry.metadata !== undefined && !Array.isArray(entry.metadata)) {
      throw new CatalogError(`${source}: stream "${id}" has "metadata" that is not an array`);
    }
    const metadata = new Map<string, Record<string, unknown>>();
    for (const item of (entry.metadata as unknown[] | undefined) ?? []) {
      if (!isObject(item) || !Array.isArray(item.breadcrumb) || !isObject(item.metadata)) {
        throw new CatalogError(`${source}: stream "${id}" has a metadata entry without breadcrumb/metadata`);
      }
      const typed = item as unknown as CatalogMetadataEntry;
      metadata.set(typed.breadcrumb.join('\u0000'), typed.metadata);
    }
    const root = metadata.get('') ?? {};
    const streamSelected = decide(root, entry.schema?.selected, true);
    if (!streamSelected) return;
    const automatic = automaticFields(definition);
    const fields = new Set<string>();
    for (const field of Object.keys(streamSchema(id).properties ?? {})) {
      const meta = metadata.get(`properties\u0000${field}`) ?? {};
      if (automatic.has(field)) fields.add(field);
      else if (meta.inclusion === 'unsupported') continue;
      else if (decide(meta, entry.schema?.properties?.[field]?.selected, streamSelected)) fields.add(field);
    }
    selection.set(id, fields);
  });
  return selection;
}

function decide(meta: Record<string, unknown>, legacy: unknown, inherited: boolean): boolean {
  if (meta.inclusion === 'automatic') return true;
  const explicit = toBool(meta.selected) ?? toBool(legacy);
  if (explicit !== undefined) return explicit;
  return toBool(meta['selected-by-default']) ?? inherited;
}

function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
