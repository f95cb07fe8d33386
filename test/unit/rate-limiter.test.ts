import { describe, expect, it } from 'vitest';
import {
  constantRate,
  movideskNightSchedule,
  type RateSchedule,
  RollingWindowLimiter,
} from '../../src/http/rate-limiter.js';

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

/** Runs `body` with a limiter whose clock only moves when it sleeps: waits cost no real time. */
async function onFakeClock(
  start: number,
  schedule: RateSchedule,
  body: (limiter: RollingWindowLimiter, clock: { now: number }) => Promise<void>,
): Promise<void> {
  const clock = { now: start };
  const limiter = new RollingWindowLimiter(schedule, 60_000, 0, () => clock.now);
  const sleep = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    clock.now += ms;
    return sleep(fn, 0);
  }) as typeof setTimeout;
  try {
    await body(limiter, clock);
  } finally {
    globalThis.setTimeout = sleep;
    limiter.close();
  }
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
    await onFakeClock(0, constantRate(10), async (limiter, clock) => {
      const times = await starts(limiter, clock, 25);
      // Request k starts at 60 s × floor((k − 1) / 10): the ideal schedule.
      expect(times).toEqual(Array.from({ length: 25 }, (_, k) => 60_000 * Math.floor(k / 10)));
    });
  });

  it('uses the night rate at night and drops back to the day rate for good', async () => {
    // 20:00 in Brasília.
    await onFakeClock(
      Date.parse('2026-11-21T23:00:00Z'),
      movideskNightSchedule(10, 60),
      async (limiter, clock) => {
        const night = await starts(limiter, clock, 60);
        expect(night.at(-1)).toBe(night[0]);
        limiter.fallBack(constantRate(10));
        const start = clock.now;
        const after = await starts(limiter, clock, 10);
        // The 60 night starts are still in the window: nothing more until they age out.
        expect(after[0]).toBeGreaterThanOrEqual(start + 60_000 - 1);
      },
    );
  });
});
