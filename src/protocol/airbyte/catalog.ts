import { automaticFields, rootOf } from '../../engine/metadata.js';
import type { Selection } from '../../engine/selection.js';
import { CatalogError } from '../../errors.js';
import { isObject } from '../../json.js';
import type { ReplicationMethod, StreamDefinition } from '../../streams/define.js';
import { streamSchema } from '../../streams/schemas.js';
import { flattenSchema } from '../flatten.js';
import type { ConfiguredStream } from './sink.js';

type SyncMode = 'full_refresh' | 'incremental';

function syncModes(stream: StreamDefinition, registry: readonly StreamDefinition[]): SyncMode[] {
  const root = rootOf(stream, registry);
  const methods = root.replicationMethods ?? [root.replicationMethod];
  // Any stream can be read in full; incremental needs a cursor.
  return methods.includes('INCREMENTAL') && stream.replicationKey
    ? ['full_refresh', 'incremental']
    : ['full_refresh'];
}

/**
 * The Airbyte CATALOG: every stream with its schema, sync modes, cursor and primary key. With
 * flattening (`maxDepth`), each json_schema is the flattened one: Airbyte has no SCHEMA message, its
 * destinations make their columns from the catalog. Keys and cursors are top-level, so unchanged.
 */
export function airbyteCatalog(registry: readonly StreamDefinition[], maxDepth?: number) {
  return {
    type: 'CATALOG',
    catalog: {
      streams: registry.map((stream) => {
        const modes = syncModes(stream, registry);
        const incremental = modes.includes('incremental');
        return {
          name: stream.name,
          json_schema: maxDepth
            ? flattenSchema(streamSchema(stream.name), maxDepth, stream.name).schema
            : streamSchema(stream.name),
          supported_sync_modes: modes,
          source_defined_cursor: incremental,
          ...(incremental && stream.replicationKey ? { default_cursor_field: [stream.replicationKey] } : {}),
          source_defined_primary_key: stream.primaryKey.map((key) => [key]),
          is_resumable: true,
        };
      }),
    },
  };
}

export interface ConfiguredRead {
  selection: Selection;
  methods: Map<string, ReplicationMethod>;
  configured: Map<string, ConfiguredStream>;
  /** Roots read in full_refresh: their bookmarks are ignored. */
  fullRefreshRoots: Set<string>;
  /** Streams configured incremental that support only full_refresh: read in full instead, as the CDK does. */
  readInFull: string[];
  /** With flattening: the columns each stream's json_schema kept (the FlatteningSink emits only those). */
  columns?: Map<string, Set<string>>;
}

/**
 * Reads a ConfiguredAirbyteCatalog. Selected fields are the properties left in each stream's
 * json_schema (keys and cursors are always kept). A tree's sync mode is its root's when the root is
 * configured, else incremental if any configured child is. A stream asked for incremental that supports
 * only full_refresh (PyAirbyte asks incremental for every stream) is read in full and listed in readInFull.
 * With flattening (`maxDepth`) the json_schema names columns (`owner__id`): the engine reads each
 * top-level property one of its columns comes from, and only the columns named are emitted; a nested
 * name (`owner`) keeps all its columns.
 */
export function readConfiguredCatalog(
  raw: unknown,
  registry: readonly StreamDefinition[],
  source: string,
  maxDepth?: number,
): ConfiguredRead {
  if (!isObject(raw) || !Array.isArray(raw.streams)) {
    throw new CatalogError(
      `${source} is not an Airbyte configured catalog: expected an object with a "streams" array`,
    );
  }
  const selection: Selection = new Map();
  const configured = new Map<string, ConfiguredStream>();
  const modes = new Map<string, SyncMode>();
  const readInFull: string[] = [];
  const columns = maxDepth ? new Map<string, Set<string>>() : undefined;
  for (const [index, entry] of (raw.streams as unknown[]).entries()) {
    const stream = isObject(entry) && isObject(entry.stream) ? entry.stream : undefined;
    const name = stream?.name;
    if (!isObject(entry) || !stream || typeof name !== 'string')
      throw new CatalogError(`${source}: streams[${index}] has no stream.name`);
    const definition = registry.find((candidate) => candidate.name === name);
    if (!definition) {
      throw new CatalogError(
        `${source} configures stream "${name}", which source-movidesk does not have; run discover for the list`,
      );
    }
    const asked = entry.sync_mode;
    const supported = syncModes(definition, registry);
    if (asked !== 'full_refresh' && asked !== 'incremental') {
      throw new CatalogError(
        `${source}: stream "${name}" has sync_mode ${JSON.stringify(asked)}; use one of ${supported.join(', ')}`,
      );
    }
    // Every stream supports full_refresh, so only an incremental ask can be unsupported.
    const mode: SyncMode = supported.includes(asked) ? asked : 'full_refresh';
    if (mode !== asked) readInFull.push(name);
    const schema =
      isObject(stream.json_schema) && isObject(stream.json_schema.properties)
        ? stream.json_schema.properties
        : undefined;
    const automatic = automaticFields(definition, registry);
    if (columns && maxDepth) {
      const fields = new Set<string>(automatic);
      const kept = new Set<string>(automatic);
      for (const column of flattenSchema(streamSchema(name), maxDepth, name).columns) {
        const property = column.path[0] as string;
        if (schema && !(column.name in schema) && !(property in schema)) continue;
        fields.add(property);
        kept.add(column.name);
      }
      selection.set(name, fields);
      columns.set(name, kept);
    } else {
      const ours = Object.keys(streamSchema(name).properties ?? {});
      const fields = new Set(schema ? ours.filter((field) => field in schema) : ours);
      for (const field of automatic) fields.add(field);
      selection.set(name, fields);
    }
    const root = rootOf(definition, registry).name;
    configured.set(name, {
      name,
      root,
      cursorField: mode === 'incremental' ? definition.replicationKey : undefined,
    });
    modes.set(name, mode);
  }
  const methods = new Map<string, ReplicationMethod>();
  const fullRefreshRoots = new Set<string>();
  for (const root of new Set([...configured.values()].map((stream) => stream.root))) {
    const members = [...configured.values()].filter((stream) => stream.root === root);
    const mode =
      modes.get(root) ??
      (members.some((stream) => modes.get(stream.name) === 'incremental') ? 'incremental' : 'full_refresh');
    const definition = registry.find((candidate) => candidate.name === root);
    const choices =
      definition?.kind === 'root' ? (definition.replicationMethods ?? [definition.replicationMethod]) : [];
    if (mode === 'full_refresh') {
      fullRefreshRoots.add(root);
      if (choices.includes('FULL_TABLE')) methods.set(root, 'FULL_TABLE');
    } else if (choices.includes('INCREMENTAL')) methods.set(root, 'INCREMENTAL');
  }
  return { selection, methods, configured, fullRefreshRoots, readInFull, ...(columns ? { columns } : {}) };
}
