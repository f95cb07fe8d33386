import { describe, expect, it } from 'vitest';
import { InFlightController, SLOW_ANSWER_MS } from '../../src/engine/readers/in-flight.js';
import { constantRate, movideskNightSchedule, type RateSchedule } from '../../src/http/rate-limiter.js';

/** Spacing as the client computes it (window plus margin over the rate), on a clock the test sets. */
function paced(schedule: RateSchedule, clock: { now: number }) {
  let current = schedule;
  return {
    spacing: () => 61_000 / Math.max(1, current(clock.now)),
    fallBack: (next: RateSchedule) => {
      current = next;
    },
  };
}

const DAY = Date.parse('2026-11-21T15:00:00Z'); // 12:00 in Brasília
const NIGHT = Date.parse('2026-11-22T01:00:00Z'); // 22:00 in Brasília

describe('InFlightController', () => {
  it('keeps one request in flight until two pages were answered', () => {
    const controller = new InFlightController(10, () => 6_100);
    expect(controller.desired()).toBe(1);
    controller.observe(20_000);
    expect(controller.desired()).toBe(1);
    controller.observe(20_000);
    expect(controller.desired()).toBe(4);
  });

  it('by day keeps ceil(answer time / spacing) in flight: 1 up to 6 s, 2 at 9 s, 4 at 20 s', () => {
    const clock = { now: DAY };
    const { spacing } = paced(movideskNightSchedule(10, 60), clock);
    for (const [answer, expected] of [
      [0, 1],
      [3_000, 1],
      [6_000, 1],
      [9_000, 2],
      [20_000, 4],
    ] as const) {
      const controller = new InFlightController(10, spacing);
      controller.observe(answer);
      controller.observe(answer);
      expect(controller.desired(), `${answer} ms`).toBe(expected);
    }
  });

  it('at night rises to what the night rate needs, bounded by max_concurrent_requests; after a 429 drops to the day figure', () => {
    const clock = { now: NIGHT };
    const pace = paced(movideskNightSchedule(10, 60), clock);
    const controller = new InFlightController(10, pace.spacing);
    controller.observe(9_000);
    controller.observe(9_000);
    expect(controller.desired()).toBe(9);
    expect(new InFlightController(4, pace.spacing).desired()).toBe(1);
    const bounded = new InFlightController(4, pace.spacing);
    bounded.observe(9_000);
    bounded.observe(9_000);
    expect(bounded.desired()).toBe(4);
    // Morning comes: the same answers need 2.
    clock.now = DAY;
    expect(controller.desired()).toBe(2);
    // Night again, but Movidesk throttled the run: the client fell back to the day rate for good.
    clock.now = NIGHT;
    pace.fallBack(constantRate(10));
    expect(controller.desired()).toBe(2);
  });

  it('follows the median of the last five answers: one slow page does not add requests, a slower server does', () => {
    const controller = new InFlightController(10, () => 6_100);
    for (const answer of [3_000, 3_000, 3_000, 3_000, 60_000]) controller.observe(answer);
    expect(controller.answerMs()).toBe(3_000);
    expect(controller.desired()).toBe(1);
    for (const answer of [13_000, 13_000, 13_000]) controller.observe(answer);
    expect(controller.answerMs()).toBe(13_000);
    expect(controller.desired()).toBe(3);
  });

  it(`never adds requests for answers under ${SLOW_ANSWER_MS} ms, however generous the rate`, () => {
    // 1000 requests a minute: a spacing of 61 ms.
    const controller = new InFlightController(10, () => 61);
    controller.observe(SLOW_ANSWER_MS - 1);
    controller.observe(SLOW_ANSWER_MS - 1);
    expect(controller.desired()).toBe(1);
    controller.observe(SLOW_ANSWER_MS + 50);
    controller.observe(SLOW_ANSWER_MS + 50);
    controller.observe(SLOW_ANSWER_MS + 50);
    expect(controller.desired()).toBe(5);
  });

  it('max_concurrent_requests 1 reads one page at a time whatever the answer time', () => {
    const controller = new InFlightController(1, () => 6_100);
    controller.observe(100_000);
    controller.observe(100_000);
    expect(controller.desired()).toBe(1);
  });
});
