import type { StreamDefinition } from '../streams/define.js';
import { STREAMS } from '../streams/index.js';

export function findStream(
  name: string,
  registry: readonly StreamDefinition[] = STREAMS,
): StreamDefinition | undefined {
  return registry.find((stream) => stream.name === name);
}

/** Fields that are always emitted: keys, the replication key and the parent keys injected into children. */
export function automaticFields(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): Set<string> {
  const fields = new Set(stream.primaryKey);
  if (stream.replicationKey) fields.add(stream.replicationKey);
  for (const field of injectedFields(stream, registry)) fields.add(field);
  return fields;
}

/** Fields the tap adds to a child row (ancestors' keys and derived keys); never sent in `$select`. */
export function injectedFields(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): Set<string> {
  const fields = new Set<string>();
  if (stream.kind !== 'child') return fields;
  for (const field of Object.keys(stream.derived ?? {})) fields.add(field);
  for (let parent = findStream(stream.parent, registry); parent; ) {
    for (const field of Object.keys(parent.childContext ?? {})) fields.add(field);
    parent = parent.kind === 'child' ? findStream(parent.parent, registry) : undefined;
  }
  return fields;
}

/** Direct children of a stream, in registry order. */
export function childrenOf(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): StreamDefinition[] {
  return registry.filter((candidate) => candidate.kind === 'child' && candidate.parent === stream.name);
}
