/**
 * A clock that moves only when something sleeps on it: waits cost no real time and land exactly, so
 * timing logic is tested without timing anything. Pass `read` and `sleep` where a clock and a sleep
 * are injected (the rate limiter, the HTTP client).
 */
export function fakeClock(start: number) {
  const clock = {
    now: start,
    read: () => clock.now,
    sleep: async (ms: number) => {
      clock.now += Math.max(0, ms);
    },
  };
  return clock;
}
