import type { Logger } from '../../logger.js';

/**
 * Values a real account sends that do not fit the documented schema. None of them costs a record or
 * a run: each is set to null (or, for a collection, read as empty), warned about once per stream and
 * field, and counted for the end-of-run summary.
 */
export class DataIssues {
  /** `stream.field` → values set to null. */
  readonly nulledCounts = new Map<string, number>();
  /** `stream.collection` → collections (or items in them) that were not objects, ignored. */
  readonly ignoredCounts = new Map<string, number>();

  constructor(readonly logger: Logger) {}

  /** A value that cannot be converted without loss becomes null. */
  nulled(stream: string, path: string, value: unknown, expected: string): null {
    add(this.nulledCounts, `${stream}.${path}`);
    this.logger.warnOnce(
      `null:${stream}:${path}`,
      `Stream ${stream}: field ${path} is ${show(value)}, expected ${expected}; written as null (further such values of ${stream}.${path} are counted in the end-of-run summary)`,
    );
    return null;
  }

  /** null where a list is documented: read as empty (nothing is lost, so it is not counted). */
  nullCollection(stream: string, path: string): void {
    this.logger.warnOnce(
      `null-collection:${stream}:${path}`,
      `Stream ${stream}: ${path} came as null where a list is documented; read as empty (further cases are not logged)`,
    );
  }

  /** A child collection that is not a list of objects: no child rows come from it. */
  oddCollection(stream: string, path: string, what: string): void {
    add(this.ignoredCounts, `${stream}.${path}`);
    this.logger.warnOnce(
      `collection:${stream}:${path}`,
      `Stream ${stream}: ${path} ${what}; no ${stream} rows are read from it (further cases are counted in the end-of-run summary)`,
    );
  }
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

export function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
