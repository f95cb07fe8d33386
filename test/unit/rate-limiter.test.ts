import { describe, expect, it } from 'vitest';
import { constantRate, movideskNightSchedule, RollingWindowLimiter } from '../../src/http/rate-limiter.js';

/** Starts `count` requests through a limiter on a fake clock that only moves while it waits. */
async function starts(
  limiter: RollingWindowLimiter,
  clock: { now: number },
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await limiter.acquire();
    times.push(clock.now);
  }
  return times;
}

describe('movideskNightSchedule', () => {
  const schedule = movideskNightSchedule(10, 60);
  it.each([
    ['2026-11-21T22:30:00Z', 60], // 19:30 in Brasília
    ['2026-11-22T09:59:00Z', 60], // 06:59
    ['2026-11-22T10:00:00Z', 10], // 07:00
    ['2026-11-21T15:00:00Z', 10], // 12:00
    ['2026-11-21T21:59:00Z', 10], // 18:59
  ])('%s allows %i requests per minute', (iso, allowed) => {
    expect(schedule(Date.parse(iso))).toBe(allowed);
  });
});

describe('RollingWindowLimiter', () => {
  it('spends the budget in bursts and never lets more than N start in a window (ideal schedule)', async () => {
    const clock = { now: 0 };
    const limiter = new RollingWindowLimiter(constantRate(10), 60_000, 0, () => clock.now);
    const sleep = globalThis.setTimeout;
    // Advance the fake clock instead of waiting.
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      clock.now += ms;
      return sleep(fn, 0);
    }) as typeof setTimeout;
    try {
      const times = await starts(limiter, clock, 25);
      // Request k starts at 60 s × floor((k − 1) / 10): the ideal schedule.
      expect(times).toEqual(Array.from({ length: 25 }, (_, k) => 60_000 * Math.floor(k / 10)));
    } finally {
      globalThis.setTimeout = sleep;
      limiter.close();
    }
  });

  it('uses the night rate at night and drops back to the day rate for good', async () => {
    const clock = { now: Date.parse('2026-11-21T23:00:00Z') }; // 20:00 in Brasília
    const limiter = new RollingWindowLimiter(movideskNightSchedule(10, 60), 60_000, 0, () => clock.now);
    const sleep = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      clock.now += ms;
      return sleep(fn, 0);
    }) as typeof setTimeout;
    try {
      const night = await starts(limiter, clock, 60);
      expect(night.at(-1)).toBe(night[0]);
      limiter.fallBack(constantRate(10));
      const start = clock.now;
      const after = await starts(limiter, clock, 10);
      // The 60 night starts are still in the window: nothing more until they age out.
      expect(after[0]).toBeGreaterThanOrEqual(start + 60_000 - 1);
    } finally {
      globalThis.setTimeout = sleep;
      limiter.close();
    }
  });
});
