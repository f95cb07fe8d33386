import { describe, expect, it } from 'vitest';
import { PageSizer } from '../../src/engine/page-sizer.js';

describe('PageSizer', () => {
  it('halves, then quarters on a second failure in a row, and stops at one row', () => {
    const sizer = new PageSizer(100);
    expect(sizer.shrink()).toBe(true);
    expect(sizer.size).toBe(50);
    expect(sizer.shrink()).toBe(true);
    expect(sizer.size).toBe(12);
    sizer.succeeded();
    // 100 failed once only: tried again on the next page.
    expect(sizer.size).toBe(100);
  });

  it('never asks again for a size that failed twice', () => {
    const sizer = new PageSizer(100);
    sizer.shrink();
    sizer.succeeded();
    sizer.shrink();
    sizer.succeeded();
    expect(sizer.size).toBe(50);
  });

  it('gives up at one row', () => {
    const sizer = new PageSizer(1);
    expect(sizer.shrink()).toBe(false);
  });
});
