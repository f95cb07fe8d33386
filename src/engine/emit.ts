import { ApiDataError } from '../errors.js';
import type { JsonRecord } from '../streams/define.js';
import type { PlanNode } from './plan.js';
import type { Sink } from './sink.js';

/** Records emitted per stream during one run. */
export type Counts = Map<string, number>;

/**
 * Emits one API row and, recursively, the rows of its selected child collections. Children carry
 * every ancestor's keys (the context) ahead of their own fields.
 */
export function emitTree(
  node: PlanNode,
  row: JsonRecord,
  context: JsonRecord,
  sink: Sink,
  extractedAt: string,
  counts: Counts,
  version?: number,
): void {
  const stream = node.stream;
  const full: JsonRecord =
    stream.kind === 'child' ? { ...context, ...derive(node, row), ...row, ...context } : row;
  if (node.emit) {
    const record = node.conformer.conform(full, () => describeKey(node, full));
    for (const key of stream.primaryKey) {
      if (record[key] === null || record[key] === undefined) {
        throw new ApiDataError(
          `Stream ${stream.name}: a row has no ${key}, which is part of its primary key (${describeKey(node, full)})`,
        );
      }
    }
    sink.record(stream.name, record, extractedAt, version);
    counts.set(stream.name, (counts.get(stream.name) ?? 0) + 1);
  }
  if (node.children.length === 0) return;
  const childContext: JsonRecord = { ...context };
  for (const [field, source] of Object.entries(stream.childContext ?? {})) childContext[field] = row[source];
  for (const child of node.children) {
    const collection = (child.stream as { collection: string }).collection;
    const items = row[collection];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      throw new ApiDataError(
        `Stream ${child.stream.name}: ${collection} of ${describeKey(node, full)} is not an array`,
      );
    }
    for (const item of items) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new ApiDataError(
          `Stream ${child.stream.name}: ${collection} of ${describeKey(node, full)} holds ${JSON.stringify(item)}, expected objects`,
        );
      }
      emitTree(child, item as JsonRecord, childContext, sink, extractedAt, counts, version);
    }
  }
}

function derive(node: PlanNode, row: JsonRecord): JsonRecord {
  const derived = node.stream.kind === 'child' ? node.stream.derived : undefined;
  if (!derived) return {};
  return Object.fromEntries(Object.entries(derived).map(([field, compute]) => [field, compute(row)]));
}

function describeKey(node: PlanNode, row: JsonRecord): string {
  return node.stream.primaryKey.map((key) => `${key}=${JSON.stringify(row[key])}`).join(', ');
}
