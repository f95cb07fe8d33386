import { describe, expect, it } from 'vitest';
import {
  constantRate,
  MIN_WINDOW_MARGIN_MS,
  movideskNightSchedule,
  type RateSchedule,
  RollingWindowLimiter,
  windowMarginMs,
} from '../../src/http/rate-limiter.js';
import { fakeClock } from '../helpers/fake-clock.js';

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

/** Runs `body` with a limiter on a fake clock. */
async function onFakeClock(
  start: number,
  schedule: RateSchedule,
  body: (limiter: RollingWindowLimiter, clock: { now: number }) => Promise<void>,
  marginMs = 0,
): Promise<void> {
  const clock = fakeClock(start);
  const limiter = new RollingWindowLimiter(schedule, 60_000, marginMs, clock.read, clock.sleep);
  try {
    await body(limiter, clock);
  } finally {
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

describe('windowMarginMs', () => {
  it('is 1 s per minute at the real pace, and never less than 250 ms of real time when time is shrunk', () => {
    expect(windowMarginMs(1)).toBe(1_000);
    expect(windowMarginMs(0.5)).toBe(500);
    expect(windowMarginMs(0.25)).toBe(MIN_WINDOW_MARGIN_MS);
    expect(windowMarginMs(0.01)).toBe(MIN_WINDOW_MARGIN_MS);
    expect(windowMarginMs(0.0005)).toBe(MIN_WINDOW_MARGIN_MS);
    expect(MIN_WINDOW_MARGIN_MS).toBe(250);
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

  it('keeps the margin after the window before the next start', async () => {
    await onFakeClock(
      0,
      constantRate(2),
      async (limiter, clock) => {
        expect(await starts(limiter, clock, 5)).toEqual([0, 0, 61_000, 61_000, 122_000]);
      },
      1_000,
    );
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
        // The 60 night starts are still in the window: nothing more until the 10th newest ages out,
        // then the day budget of 10 goes out at once.
        expect(after).toEqual(Array(10).fill(start + 60_000));
      },
    );
  });
});
