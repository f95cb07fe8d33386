import type { RootStream, StreamDefinition } from '../streams/define.js';
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
  const fields = inheritedFields(stream, registry);
  if (stream.kind === 'child') for (const field of Object.keys(stream.derived ?? {})) fields.add(field);
  return fields;
}

/** Ancestors' keys handed down to a stream's rows (its context), nearest ancestor first. */
export function inheritedFields(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): Set<string> {
  const fields = new Set<string>();
  for (const ancestor of ancestors(stream, registry)) {
    for (const field of Object.keys(ancestor.childContext ?? {})) fields.add(field);
  }
  return fields;
}

/** Parent, grandparent, ... up to the root stream, nearest first. */
export function ancestors(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): StreamDefinition[] {
  const chain: StreamDefinition[] = [];
  for (let current = stream; current.kind === 'child'; ) {
    const parent = findStream(current.parent, registry);
    if (!parent) throw new Error(`stream ${current.name} names unknown parent ${current.parent}`);
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** The root stream a stream is read through (itself for a root); children replicate the way it does. */
export function rootOf(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): RootStream {
  return (ancestors(stream, registry).at(-1) ?? stream) as RootStream;
}

/** Direct children of a stream, in registry order. */
export function childrenOf(
  stream: StreamDefinition,
  registry: readonly StreamDefinition[] = STREAMS,
): StreamDefinition[] {
  return registry.filter((candidate) => candidate.kind === 'child' && candidate.parent === stream.name);
}
