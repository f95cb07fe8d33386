import type { StreamDefinition } from '../streams/define.js';
import { streamSchema } from '../streams/schemas.js';
import { automaticFields, rootOf } from './metadata.js';

/** Singer catalog built from the stream declarations and schemas; never written by hand. */
export function discoverCatalog(streams: readonly StreamDefinition[]): { streams: unknown[] } {
  return { streams: streams.map((stream) => catalogEntry(stream, streams)) };
}

function catalogEntry(stream: StreamDefinition, registry: readonly StreamDefinition[]) {
  const schema = streamSchema(stream.name);
  const automatic = automaticFields(stream, registry);
  const owner = rootOf(stream, registry);
  const method = owner.replicationMethod;
  const choices = owner.replicationMethods ?? [method];
  const root: Record<string, unknown> = {
    inclusion: 'available',
    'selected-by-default': stream.selectedByDefault !== false,
    'table-key-properties': stream.primaryKey,
    // A stream that can be read either way lets the catalog choose (replication-method).
    ...(choices.length === 1 ? { 'forced-replication-method': method } : {}),
    'valid-replication-keys': stream.replicationKey ? [stream.replicationKey] : [],
  };
  if (stream.replicationKey) root['replication-key'] = stream.replicationKey;
  root['replication-method'] = method;
  if (stream.kind === 'child') root['parent-tap-stream-id'] = stream.parent;
  return {
    tap_stream_id: stream.name,
    stream: stream.name,
    schema,
    key_properties: stream.primaryKey,
    ...(stream.replicationKey ? { replication_key: stream.replicationKey } : {}),
    replication_method: method,
    metadata: [
      { breadcrumb: [], metadata: root },
      ...Object.keys(schema.properties ?? {}).map((field) => ({
        breadcrumb: ['properties', field],
        metadata: {
          inclusion: automatic.has(field) ? 'automatic' : 'available',
          'selected-by-default': true,
        },
      })),
    ],
  };
}
