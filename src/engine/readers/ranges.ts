import type { IdRange, Position } from './types.js';

/**
 * Id ranges of one keyset route, read side by side. Each range is `(after, up_to]`: `after` is the
 * last key emitted from it (null before its first row), `up_to` its last key, null for the last range,
 * which has no upper bound so rows created while the run goes on are read too. The ranges of a route
 * are contiguous and in key order; a range that is done leaves the list.
 */

/** Where a route stands: its ranges, and `after` = the lowest one's, which on its own re-reads more but loses nothing. */
export function positionOf(route: string, ranges: readonly IdRange[]): Position {
  const first = ranges[0];
  if (ranges.length === 1 && first?.up_to === null) return { route, after: first.after };
  return { route, after: first?.after ?? null, ranges: ranges.map(({ after, up_to }) => ({ after, up_to })) };
}

/** The ranges a route starts with: those a resumed position had, else one open range after `after`. */
export function rangesAt(position: Position | undefined): IdRange[] {
  if (position?.ranges && position.ranges.length > 0)
    return position.ranges.map(({ after, up_to }) => ({ after, up_to }));
  return [{ after: position?.after ?? null, up_to: null }];
}

/**
 * Inner boundaries that cut `(after, end]` into `pieces` ranges of about equal width (integers,
 * strictly rising, inside the span); fewer when the span is too narrow.
 */
export function splitPoints(after: number, end: number, pieces: number): number[] {
  const count = Math.min(pieces, end - after);
  const points: number[] = [];
  for (let index = 1; index < count; index++) {
    const point = after + Math.round(((end - after) * index) / count);
    if (point > (points.at(-1) ?? after) && point < end) points.push(point);
  }
  return points;
}

/**
 * Rows of a page that belong to the range `(·, upTo]`, and whether the range is finished: a key at or
 * past `upTo` proves every key up to it was served (keys come in ascending order); an empty page ends
 * any range. A short page proves nothing (the API caps `$top` silently).
 */
export function clip<T>(
  rows: readonly T[],
  keyOf: (row: T) => number | string,
  upTo: number | null,
): { kept: T[]; done: boolean } {
  if (rows.length === 0) return { kept: [], done: true };
  if (upTo === null) return { kept: [...rows], done: false };
  const kept = rows.filter((row) => (keyOf(row) as number) <= upTo);
  return { kept, done: (keyOf(rows.at(-1) as T) as number) >= upTo };
}
