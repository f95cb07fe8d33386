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
  let handed = context;
  try {
    if (node.emit) {
      const record = node.conformer.conform(row, node.prefix ? node.prefix(row, context) : context);
      const key = stream.primaryKey;
      for (let index = 0; index < key.length; index++) {
        const value = record[key[index] as string];
        if (value === null || value === undefined) {
          throw new ApiDataError(
            `Stream ${stream.name}: a row has no ${key[index]}, which is part of its primary key (${describeKey(node, row, context)})`,
          );
        }
      }
      sink.record(stream.name, record, extractedAt, version);
      counts.set(stream.name, (counts.get(stream.name) ?? 0) + 1);
    }
    if (node.children.length === 0) return;
    if (node.handOn) handed = node.handOn(row, context);
  } catch (error) {
    throw error instanceof FieldError ? error.withKey(describeKey(node, row, context)) : error;
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
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new ApiDataError(
          `Stream ${child.stream.name}: ${collection} of ${describeKey(node, row, context)} holds ${JSON.stringify(item)}, expected objects`,
        );
      }
      emitTree(child, item as JsonRecord, handed, sink, extractedAt, counts, version);
    }
  }
}

function describeKey(node: PlanNode, row: JsonRecord, context: JsonRecord | undefined): string {
  return node.stream.primaryKey
    .map((key) => `${key}=${JSON.stringify(context?.[key] ?? row[key])}`)
    .join(', ');
}
