import Bottleneck from 'bottleneck';

/** Requests allowed per window at a given instant (epoch ms). */
export type RateSchedule = (now: number) => number;

export const constantRate =
  (perWindow: number): RateSchedule =>
  () =>
    perWindow;

const SAO_PAULO_HOUR = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Sao_Paulo',
  hour: 'numeric',
  hourCycle: 'h23',
});

/**
 * Movidesk publishes that the 10/min limit applies from 07:01 to 18:59 and that the APIs are
 * unrestricted from 19:00 to 07:00 (Brasília time, as far as anyone knows). Night hours get
 * `night` requests per window; the limiter drops back to `day` for good on the first 429.
 */
export function movideskNightSchedule(day: number, night: number): RateSchedule {
  return (now) => {
    const hour = Number(SAO_PAULO_HOUR.format(now));
    return hour >= 19 || hour < 7 ? night : day;
  };
}

/**
 * Real time the limiter keeps between a window's oldest start and the next start beyond the window: 1 s
 * per minute, for the latency between a request leaving the tap and reaching Movidesk (the API counts
 * arrivals, the tap counts starts). A shrunk time scale (tests, benchmarks) does not shrink that latency,
 * which on a busy machine is scheduling delay of tens of milliseconds, so the margin never drops below
 * `MIN_WINDOW_MARGIN_MS` of real time. At scale 1 the floor changes nothing.
 */
export const MIN_WINDOW_MARGIN_MS = 250;

export function windowMarginMs(timeScale: number): number {
  return Math.max(1_000 * timeScale, MIN_WINDOW_MARGIN_MS);
}

/**
 * At most `schedule(now)` request starts in any rolling window: a sliding log of recent starts, so
 * the budget can be spent in bursts (request k never waits for more than the window requires).
 * Bottleneck keeps the waiting requests in order. `blockUntil` pauses everything, e.g. for a
 * Retry-After; `fallBack` pins the schedule to a safe rate after the API pushed back.
 */
export class RollingWindowLimiter {
  private readonly queue = new Bottleneck({ maxConcurrent: 1 });
  private readonly starts: number[] = [];
  private blockedUntil = 0;
  private schedule: RateSchedule;

  constructor(
    schedule: RateSchedule,
    private readonly windowMs: number,
    private readonly marginMs: number,
    private readonly clock: () => number = Date.now,
    private readonly pause: (ms: number) => Promise<void> = sleep,
  ) {
    this.schedule = schedule;
  }

  /** Resolves when a request may start now. */
  acquire(): Promise<void> {
    return this.queue.schedule(async () => {
      for (;;) {
        const now = this.clock();
        const horizon = this.windowMs + this.marginMs;
        while (this.starts.length > 0 && (this.starts[0] as number) <= now - horizon) this.starts.shift();
        const allowed = Math.max(1, this.schedule(now));
        const waitBlocked = this.blockedUntil - now;
        const waitWindow =
          this.starts.length < allowed
            ? 0
            : (this.starts[this.starts.length - allowed] as number) + horizon - now;
        const wait = Math.max(waitBlocked, waitWindow);
        if (wait <= 0) {
          this.starts.push(now);
          return;
        }
        await this.pause(wait);
      }
    });
  }

  /** Time between request starts at the rate allowed now (the window, margin included, over the rate). */
  spacingMs(): number {
    return (this.windowMs + this.marginMs) / Math.max(1, this.schedule(this.clock()));
  }

  /** No request starts before `untilMs` (epoch ms). */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  fallBack(schedule: RateSchedule): void {
    this.schedule = schedule;
  }

  close(): void {
    this.queue.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
