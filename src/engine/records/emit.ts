import { ApiDataError } from '../../errors.js';
import type { JsonRecord } from '../../streams/define.js';
import type { PlanNode } from '../query/plan.js';
import type { Sink } from '../sink.js';
import { FieldError } from './conformer.js';
import type { DataIssues } from './data-issues.js';

/** Records emitted per stream during one run. */
export type Counts = Map<string, number>;

/** Where the records of one page go. */
export interface EmitTarget {
  sink: Sink;
  extractedAt: string;
  counts: Counts;
  issues: DataIssues;
  /** FULL_TABLE streams: the run's version, carried by every record. */
  version?: number;
}

/**
 * Emits one API row and, recursively, the rows of its selected child collections. Children carry
 * every ancestor's keys (the context, conformed once per parent) ahead of their own fields. A
 * collection that is not a list of objects yields no child rows (and a warning), never garbage.
 */
export function emitTree(
  node: PlanNode,
  row: JsonRecord,
  context: JsonRecord | undefined,
  to: EmitTarget,
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
      to.sink.record(stream.name, record, to.extractedAt, to.version);
      to.counts.set(stream.name, (to.counts.get(stream.name) ?? 0) + 1);
    }
    if (node.children.length === 0) return;
    if (node.handOn) handed = node.handOn(row, context);
  } catch (error) {
    throw error instanceof FieldError ? error.withKey(describeKey(node, row, context)) : error;
  }
  for (const child of node.children) {
    const collection = (child.stream as { collection: string }).collection;
    const items = row[collection];
    if (items === undefined) continue;
    if (items === null) {
      to.issues.nullCollection(child.stream.name, collection);
      continue;
    }
    if (!Array.isArray(items)) {
      to.issues.oddCollection(
        child.stream.name,
        collection,
        `came as ${typeof items === 'object' ? 'an object' : `a ${typeof items}`} where a list is documented`,
      );
      continue;
    }
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        to.issues.oddCollection(
          child.stream.name,
          collection,
          `holds ${JSON.stringify(item)?.slice(0, 40)} where objects are documented (that item is skipped)`,
        );
        continue;
      }
      emitTree(child, item as JsonRecord, handed, to);
    }
  }
}

function describeKey(node: PlanNode, row: JsonRecord, context: JsonRecord | undefined): string {
  return node.stream.primaryKey
    .map((key) => `${key}=${JSON.stringify(context?.[key] ?? row[key])}`)
    .join(', ');
}
