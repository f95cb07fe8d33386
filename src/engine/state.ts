import { StateError } from '../errors.js';
import { isObject } from '../json.js';
import {
  ADJUSTMENTS,
  type Adjustment,
  type Adjustments,
  isReaderLimit,
  type ReaderLimit,
} from './query/adjustments.js';
import type { IdRange } from './readers/types.js';
import { parseInstant } from './records/datetime.js';

/** Where an interrupted read stopped: the window it was reading, the route, and the last key emitted. */
export interface Progress {
  window_start: string | null;
  window_end: string;
  /** OData keyset: route being read and the last key emitted on it. */
  route?: string;
  after?: number | string | null;
  /**
   * OData keyset read in id ranges side by side: each range's last key emitted and last key (null:
   * no upper bound). `after` is then the lowest range's, so a reader that ignores `ranges` re-reads more
   * but loses nothing.
   */
  ranges?: IdRange[];
  /** Partitioned streams: the last partition fully read; date windows: the window being read. */
  partition?: string;
  /** FULL_TABLE: the version every record of this run carries. */
  version?: number;
}

export interface StreamBookmark {
  replication_key?: string;
  replication_key_value?: string;
  progress?: Progress;
  [key: string]: unknown;
}

export interface TapState {
  bookmarks: Record<string, StreamBookmark>;
  /** What this account taught the tap about its queries, per root stream (see adjustments.ts). */
  query_adjustments?: Record<string, Record<string, Adjustment | ReaderLimit>>;
  [key: string]: unknown;
}

/**
 * The engine's state: the only writer of bookmarks. Streams never touch it. Bookmarks of streams not
 * synced in this run are carried over untouched.
 */
export class StateManager {
  private readonly state: TapState;

  constructor(initial: TapState = { bookmarks: {} }) {
    this.state = structuredClone(initial);
  }

  get value(): TapState {
    return structuredClone(this.state);
  }

  bookmark(stream: string): StreamBookmark | undefined {
    return this.state.bookmarks[stream];
  }

  /** Adjustments learned for a root stream's query, in this run or an earlier one. */
  adjustments(stream: string): Adjustments {
    return this.state.query_adjustments?.[stream] ?? {};
  }

  adjust(stream: string, property: string, adjustment: Adjustment | ReaderLimit): void {
    this.state.query_adjustments ??= {};
    this.state.query_adjustments[stream] = {
      ...this.state.query_adjustments[stream],
      [property]: adjustment,
    };
  }

  /** Records the position reached inside the current window (after the page's records were emitted). */
  setProgress(stream: string, replicationKey: string | undefined, progress: Progress): void {
    const current = this.state.bookmarks[stream] ?? {};
    this.state.bookmarks[stream] = {
      ...current,
      ...(replicationKey ? { replication_key: replicationKey } : {}),
      progress,
    };
  }

  /** The window is fully read: the bookmark moves to its end and the progress marker goes away. */
  complete(stream: string, replicationKey: string | undefined, value: string | undefined): void {
    const { progress: _done, ...rest } = this.state.bookmarks[stream] ?? {};
    this.state.bookmarks[stream] = {
      ...rest,
      ...(replicationKey ? { replication_key: replicationKey } : {}),
      ...(value ? { replication_key_value: value } : {}),
    };
  }
}

/**
 * Validates a state document (the `value` of the last STATE message). Accepts a whole STATE message,
 * Meltano's `singer_state` wrapper and singer-python's `bookmarks.<stream>.<replication key>` form.
 */
export function parseState(raw: unknown, source: string, now: number): TapState {
  let value = raw;
  if (isObject(value) && value.type === 'STATE' && 'value' in value) value = value.value;
  if (isObject(value) && isObject(value.singer_state)) value = value.singer_state;
  if (!isObject(value))
    throw new StateError(
      `${source} is not a state object; pass the value of the last STATE message the tap printed`,
    );
  const adjustments = checkAdjustments(value.query_adjustments, source);
  if (value.bookmarks === undefined) return { ...value, ...adjustments, bookmarks: {} };
  if (!isObject(value.bookmarks))
    throw new StateError(`${source}: "bookmarks" must be an object keyed by stream name`);
  const bookmarks: Record<string, StreamBookmark> = {};
  for (const [stream, bookmark] of Object.entries(value.bookmarks)) {
    if (!isObject(bookmark))
      throw new StateError(`${source}: bookmark of stream "${stream}" must be an object`);
    const normalised: StreamBookmark = { ...bookmark };
    const key = typeof bookmark.replication_key === 'string' ? bookmark.replication_key : undefined;
    if (normalised.replication_key_value === undefined && key === undefined) {
      // singer-python style: {"lastUpdate": "..."}
      for (const legacy of ['lastUpdate', 'changedDate', 'responseDate']) {
        if (typeof bookmark[legacy] === 'string') {
          normalised.replication_key = legacy;
          normalised.replication_key_value = bookmark[legacy] as string;
        }
      }
    }
    if (normalised.replication_key_value !== undefined) {
      checkInstant(normalised.replication_key_value, `${source}: bookmark of stream "${stream}"`, now);
    }
    if (normalised.progress !== undefined)
      normalised.progress = checkProgress(
        normalised.progress,
        `${source}: progress of stream "${stream}"`,
        now,
      );
    bookmarks[stream] = normalised;
  }
  return { ...value, ...adjustments, bookmarks };
}

/** `query_adjustments`: `{stream: {property: adjustment, $limit: positive integer}}`, as the tap wrote it. */
function checkAdjustments(value: unknown, source: string): Pick<TapState, 'query_adjustments'> {
  if (value === undefined) return {};
  const fix = 'delete "query_adjustments" from the state and the tap learns them again';
  if (!isObject(value)) throw new StateError(`${source}: "query_adjustments" must be an object; ${fix}`);
  const checked: Record<string, Record<string, Adjustment | ReaderLimit>> = {};
  for (const [stream, properties] of Object.entries(value)) {
    if (!isObject(properties))
      throw new StateError(`${source}: "query_adjustments" of stream "${stream}" must be an object; ${fix}`);
    for (const [property, adjustment] of Object.entries(properties)) {
      if (isReaderLimit(property)) {
        if (!Number.isInteger(adjustment) || (adjustment as number) < 1)
          throw new StateError(
            `${source}: "query_adjustments" of stream "${stream}" has ${JSON.stringify(adjustment)} for "${property}", expected a positive integer; ${fix}`,
          );
        continue;
      }
      if (!ADJUSTMENTS.includes(adjustment as Adjustment))
        throw new StateError(
          `${source}: "query_adjustments" of stream "${stream}" has ${JSON.stringify(adjustment)} for "${property}", expected one of ${ADJUSTMENTS.join(', ')}; ${fix}`,
        );
    }
    checked[stream] = properties as Record<string, Adjustment | ReaderLimit>;
  }
  return { query_adjustments: checked };
}

function checkInstant(value: unknown, where: string, now: number): number {
  const ms = typeof value === 'string' ? parseInstant(value) : undefined;
  if (ms === undefined)
    throw new StateError(
      `${where} is ${JSON.stringify(value)}, not an RFC 3339 timestamp; fix or delete the state file`,
    );
  // A bookmark ahead of the clock would silently skip everything changed until then.
  if (ms > now + 5 * 60_000)
    throw new StateError(
      `${where} is ${value}, which is in the future; fix the state file or the machine's clock`,
    );
  return ms;
}

function checkProgress(value: unknown, where: string, now: number): Progress {
  if (!isObject(value) || typeof value.window_end !== 'string') {
    throw new StateError(
      `${where} is malformed (needs window_end); delete "progress" to restart the current window`,
    );
  }
  checkInstant(value.window_end, `${where} window_end`, now);
  if (value.window_start !== null && value.window_start !== undefined) {
    checkInstant(value.window_start, `${where} window_start`, now);
  }
  for (const [field, type] of [
    ['route', 'string'],
    ['partition', 'string'],
    ['version', 'number'],
  ] as const) {
    if (value[field] !== undefined && typeof value[field] !== type)
      throw new StateError(`${where}: "${field}" must be a ${type}`);
  }
  const after = value.after ?? null;
  if (after !== null && typeof after !== 'number' && typeof after !== 'string') {
    throw new StateError(`${where}: "after" must be a number, string or null`);
  }
  if (value.ranges !== undefined) checkRanges(value.ranges, where);
  // Everything the engine wrote comes back: a FULL_TABLE run resumed under another version would
  // make the target drop the rows of its first part.
  return {
    ...(value as unknown as Progress),
    window_start: (value.window_start as string | null | undefined) ?? null,
    after,
  };
}

/**
 * `ranges`: a non-empty list of `{after, up_to}` in key order, as the tap wrote it: integers or null,
 * `after` below `up_to`, each range starting at or after the end of the one before, only the last
 * without an upper bound.
 */
function checkRanges(value: unknown, where: string): void {
  const fix = 'delete "progress" to restart the current window';
  const bad = (what: string) => new StateError(`${where}: "ranges" ${what}; ${fix}`);
  if (!Array.isArray(value) || value.length === 0) throw bad('must be a non-empty list of {after, up_to}');
  const isKey = (key: unknown) => key === null || (typeof key === 'number' && Number.isInteger(key));
  let end: number | null | undefined;
  value.forEach((range: unknown, index) => {
    if (!isObject(range) || !isKey(range.after) || !isKey(range.up_to))
      throw bad(`item ${index} must be {after, up_to} with integers or null`);
    const after = range.after as number | null;
    const upTo = range.up_to as number | null;
    if (upTo === null && index !== value.length - 1)
      throw bad(`item ${index}: only the last range may have no up_to`);
    if (after !== null && upTo !== null && after >= upTo)
      throw bad(`item ${index}: after must be below up_to`);
    if (index > 0 && (after === null || end === null || (end as number) > after))
      throw bad(`item ${index} starts before the range ahead of it ends`);
    end = upTo;
  });
}
