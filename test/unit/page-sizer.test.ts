import { describe, expect, it } from 'vitest';
import { PageSizer } from '../../src/engine/query/page-sizer.js';

/** Drives a sizer against an API that rejects pages above `limit`; returns the sizes asked for. */
function drive(limit: number, pages: number, max = 100): { asked: number[]; failures: number } {
  const sizer = new PageSizer(max);
  const asked: number[] = [];
  let failures = 0;
  for (let served = 0; served < pages; ) {
    asked.push(sizer.size);
    if (sizer.size > limit) {
      failures += 1;
      expect(sizer.shrink()).toBe(true);
    } else {
      sizer.succeeded();
      served += 1;
    }
  }
  return { asked, failures };
}

describe('PageSizer', () => {
  it('keeps the maximum when nothing fails', () => {
    expect(drive(1000, 5).asked).toEqual([100, 100, 100, 100, 100]);
  });

  it('halves, then quarters on a second failure in a row', () => {
    expect(drive(10, 1).asked).toEqual([100, 50, 12, 3]);
  });

  it('converges on the largest accepted size in a few failed requests, never two failures in a row after the first success', () => {
    const { asked, failures } = drive(38, 60);
    expect(asked.slice(-10)).toEqual(Array(10).fill(38));
    expect(failures).toBe(4);
    for (let i = 1; i < asked.length; i++) {
      // After a failure at a probed size, the next ask is a size known to work.
      if ((asked[i - 1] as number) > 38 && i > 3) expect(asked[i] as number).toBeLessThanOrEqual(38);
    }
  });

  it('starts over when a size that worked fails later, and gives up at one row', () => {
    const sizer = new PageSizer(100);
    sizer.succeeded();
    expect(sizer.shrink()).toBe(true);
    expect(sizer.size).toBe(50);
    const tiny = new PageSizer(1);
    expect(tiny.shrink()).toBe(false);
  });

  it('with pages in flight, the answer to a page asked larger than the current size changes nothing', () => {
    const sizer = new PageSizer(100);
    // Three pages of 100 in flight; the first failure halves, the other two are already accounted for.
    expect(sizer.shrink(100)).toBe(true);
    expect(sizer.size).toBe(50);
    expect(sizer.shrink(100)).toBe(true);
    expect(sizer.shrink(100)).toBe(true);
    expect(sizer.size).toBe(50);
    // A page of 50 fails too: a quarter of it (second failure in a row).
    expect(sizer.shrink(50)).toBe(true);
    expect(sizer.size).toBe(12);
    // A page asked at 50 before that failure comes back after it: old news, nothing changes.
    sizer.succeeded(50);
    expect(sizer.size).toBe(12);
    // A page asked at 12 comes back: probe halfway towards the smallest failure.
    sizer.succeeded(12);
    expect(sizer.size).toBe(31);
  });
});
