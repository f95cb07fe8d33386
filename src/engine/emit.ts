import { ApiDataError } from '../errors.js';
import type { JsonRecord } from '../streams/define.js';
import type { PlanNode } from './plan.js';
import { FieldError } from './records.js';
import type { Sink } from './sink.js';

/** Records emitted per stream during one run. */
export type Counts = Map<string, number>;

/**
 * Emits one API row and, recursively, the rows of its selected child collections. Children carry
 * every ancestor's keys (the context, conformed once per parent) ahead of their own fields.
 */
export function emitTree(
  node: PlanNode,
  row: JsonRecord,
  context: JsonRecord | undefined,
  sink: Sink,
  extractedAt: string,
  counts: Counts,
  version?: number,
): void {
  const stream = node.stream;
  const derived = stream.kind === 'child' ? stream.derived : undefined;
  const prefix = derived ? { ...context, ...derive(derived, row) } : context;
  try {
    if (node.emit) {
      const record = node.conformer.conform(row, prefix);
      for (const key of stream.primaryKey) {
        if (record[key] === null || record[key] === undefined) {
          throw new ApiDataError(
            `Stream ${stream.name}: a row has no ${key}, which is part of its primary key (${describeKey(node, row, context)})`,
          );
        }
      }
      sink.record(stream.name, record, extractedAt, version);
      counts.set(stream.name, (counts.get(stream.name) ?? 0) + 1);
    }
    if (node.children.length === 0) return;
  } catch (error) {
    throw error instanceof FieldError ? error.withKey(describeKey(node, row, context)) : error;
  }
  let childContext: JsonRecord | undefined = prefix;
  const handed = stream.childContext;
  if (handed) {
    childContext = { ...context };
    try {
      for (const field in handed)
        childContext[field] = node.conformer.coerce(handed[field] as string, row[handed[field] as string]);
    } catch (error) {
      throw error instanceof FieldError ? error.withKey(describeKey(node, row, context)) : error;
    }
  }
  for (const child of node.children) {
    const collection = (child.stream as { collection: string }).collection;
    const items = row[collection];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      throw new ApiDataError(
        `Stream ${child.stream.name}: ${collection} of ${describeKey(node, row, context)} is not an array`,
      );
    }
    for (const item of items) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new ApiDataError(
          `Stream ${child.stream.name}: ${collection} of ${describeKey(node, row, context)} holds ${JSON.stringify(item)}, expected objects`,
        );
      }
      emitTree(child, item as JsonRecord, childContext, sink, extractedAt, counts, version);
    }
  }
}

function derive(derived: Record<string, (row: JsonRecord) => unknown>, row: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  for (const field in derived) out[field] = (derived[field] as (row: JsonRecord) => unknown)(row);
  return out;
}

function describeKey(node: PlanNode, row: JsonRecord, context: JsonRecord | undefined): string {
  return node.stream.primaryKey
    .map((key) => `${key}=${JSON.stringify(context?.[key] ?? row[key])}`)
    .join(', ');
}
