import { describe, expect, it } from 'vitest';
import { clip, positionOf, rangesAt, splitPoints } from '../../src/engine/readers/ranges.js';

describe('id ranges of a keyset route', () => {
  it('a route read by one request at a time keeps the position it always had: route and after', () => {
    expect(positionOf('/tickets', [{ after: 42, up_to: null }])).toEqual({ route: '/tickets', after: 42 });
    expect(rangesAt({ route: '/tickets', after: 42 })).toEqual([{ after: 42, up_to: null }]);
    expect(rangesAt(undefined)).toEqual([{ after: null, up_to: null }]);
  });

  it('several ranges are written in full, with after = the lowest range (a safe place to restart from alone)', () => {
    const ranges = [
      { after: 10, up_to: 50 },
      { after: 77, up_to: null },
    ];
    const position = positionOf('/tickets/past', ranges);
    expect(position).toEqual({ route: '/tickets/past', after: 10, ranges });
    // A copy: later moves of the reader's ranges do not change a position already written.
    (ranges[0] as { after: number }).after = 20;
    expect(position.ranges?.[0]?.after).toBe(10);
    expect(rangesAt(position)).toEqual([
      { after: 10, up_to: 50 },
      { after: 77, up_to: null },
    ]);
  });

  it('cuts a span into even integer pieces, fewer when it is too narrow', () => {
    expect(splitPoints(0, 100, 4)).toEqual([25, 50, 75]);
    expect(splitPoints(-5, 7, 3)).toEqual([-1, 3]);
    expect(splitPoints(10, 12, 4)).toEqual([11]);
    expect(splitPoints(10, 11, 4)).toEqual([]);
    expect(splitPoints(10, 10, 2)).toEqual([]);
  });

  it('keeps the rows up to the bound; a key at or past it, or an empty page, ends the range; a short page does not', () => {
    const rows = [{ id: 3 }, { id: 8 }, { id: 12 }];
    const key = (row: { id: number }) => row.id;
    expect(clip(rows, key, 10)).toEqual({ kept: [{ id: 3 }, { id: 8 }], done: true });
    expect(clip(rows, key, 12)).toEqual({ kept: rows, done: true });
    expect(clip(rows, key, 20)).toEqual({ kept: rows, done: false });
    expect(clip(rows, key, null)).toEqual({ kept: rows, done: false });
    expect(clip([], key, null)).toEqual({ kept: [], done: true });
    expect(clip(rows, key, 2)).toEqual({ kept: [], done: true });
  });
});
