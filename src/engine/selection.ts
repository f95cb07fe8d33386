import { CatalogError } from '../errors.js';
import { isObject } from '../json.js';
import type { ReplicationMethod, StreamDefinition } from '../streams/define.js';
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

/** What a sync without a catalog replicates: every field of every stream but the opt-in ones. */
export function selectDefault(streams: readonly StreamDefinition[]): Selection {
  return selectAll(streams.filter((stream) => stream.selectedByDefault !== false));
}

/** Every field of every stream given. */
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

/**
 * `replication-method` chosen in the catalog for streams that allow a choice (e.g. persons). A method a
 * stream cannot do is a catalog error; child streams follow their root and ignore the key.
 */
export function methodsFromCatalog(
  catalog: unknown,
  streams: readonly StreamDefinition[],
  source: string,
): Map<string, ReplicationMethod> {
  const methods = new Map<string, ReplicationMethod>();
  if (!isObject(catalog) || !Array.isArray(catalog.streams)) return methods;
  for (const raw of catalog.streams as unknown[]) {
    if (!isObject(raw) || !Array.isArray(raw.metadata)) continue;
    const id = raw.tap_stream_id ?? raw.stream;
    const stream = streams.find((candidate) => candidate.name === id);
    const root = (raw.metadata as unknown[]).find(
      (item) => isObject(item) && Array.isArray(item.breadcrumb) && item.breadcrumb.length === 0,
    ) as CatalogMetadataEntry | undefined;
    const chosen = root?.metadata?.['replication-method'];
    if (stream?.kind !== 'root' || chosen === undefined) continue;
    const allowed = stream.replicationMethods ?? [stream.replicationMethod];
    if (chosen !== 'INCREMENTAL' && chosen !== 'FULL_TABLE') {
      throw new CatalogError(
        `${source}: stream "${stream.name}" has replication-method ${JSON.stringify(chosen)}; use one of ${allowed.join(', ')}`,
      );
    }
    if (!allowed.includes(chosen)) {
      throw new CatalogError(
        `${source}: stream "${stream.name}" cannot be replicated ${chosen}; it supports ${allowed.join(', ')}`,
      );
    }
    methods.set(stream.name, chosen);
  }
  return methods;
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
