import type { MovideskClient } from '../../http/client.js';
import type { BadRequestError } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import type { JsonRecord, StreamDefinition } from '../../streams/define.js';

/**
 * Where a read stands between two pages; stored in STATE so a killed run resumes there. Keyset: route
 * and last key; cursor: last id; partitioned: last partition done; date windows: the window being read
 * (`partition`, `YYYY-MM-DD/YYYY-MM-DD`) and its last page read (`after`, null before the first).
 */
export interface Position {
  route?: string;
  after?: number | string | null;
  /** Id ranges of `route` read side by side (see ranges.ts); absent while one request at a time reads it. */
  ranges?: IdRange[];
  partition?: string;
}

/** Keys `(after, up_to]` of a route; `after` is the last key emitted, `up_to` null means no upper bound. */
export interface IdRange {
  after: number | string | null;
  up_to: number | null;
}

export interface Page {
  rows: JsonRecord[];
  /** Where to continue after this page; undefined when the stream is fully read. */
  next?: Position;
  /** For progress logs, e.g. "/tickets up to id 1234". */
  label: string;
}

export interface ReadContext {
  client: MovideskClient;
  logger: Logger;
  /** Time window of the run (epoch ms): `[start, end)`; no start reads all history. */
  window: { start?: number; end: number };
  /** Whether the source filters on the window (INCREMENTAL) or reads every row (FULL_TABLE). */
  windowed: boolean;
  pageSize: number;
  includeDeletedItems: boolean;
  /** Current `$select`/`$expand` for OData sources (asked for on every page: a 400 may change them). */
  query: () => { select: string[]; expand: string[] };
  /** Lets the engine fix the query after a 400; true means retry the page. */
  onBadRequest?: (error: BadRequestError) => boolean;
  resume?: Position;
  now: number;
  registry: readonly StreamDefinition[];
  /** Rows of partition-owner streams already read completely in this run, by stream name. */
  partitions?: PartitionCache;
  /**
   * Reader limits this account taught the tap (e.g. `$windowDays`), kept in STATE `query_adjustments`
   * under the stream; `set` records, logs and reports a new one.
   */
  learned?: {
    get: (key: string) => number | undefined;
    set: (key: string, value: number, why: string) => void;
  };
  /** max_concurrent_requests: requests a keyset read may keep in flight when answers are slow (default 1). */
  maxInFlight?: number;
}

export type PartitionCache = Map<string, JsonRecord[]>;

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object with keys ${
      Object.keys(value as object)
        .slice(0, 5)
        .join(', ') || '(none)'
    }`;
  return `a ${typeof value}`;
}
