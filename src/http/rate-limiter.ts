import Bottleneck from 'bottleneck';

/**
 * At most `perWindow` request starts in any rolling window. Bottleneck's reservoir holds the free
 * slots; each slot is handed back one window (plus a safety margin for network latency) after the
 * request that used it started, which is exactly a sliding-window log and lets bursts use the whole
 * budget. `blockUntil` pauses every request, e.g. for a Retry-After.
 */
export class RollingWindowLimiter {
  private readonly bottleneck: Bottleneck;
  private readonly timers = new Set<NodeJS.Timeout>();
  private blockedUntil = 0;

  constructor(
    perWindow: number,
    private readonly windowMs: number,
    private readonly marginMs: number,
  ) {
    this.bottleneck = new Bottleneck({ reservoir: perWindow, maxConcurrent: 1 });
  }

  /** Resolves when a request may start now. */
  async acquire(): Promise<void> {
    await this.bottleneck.schedule(async () => {
      const wait = this.blockedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.bottleneck.incrementReservoir(1);
      }, this.windowMs + this.marginMs);
      this.timers.add(timer);
    });
  }

  /** No request starts before `untilMs` (epoch ms). */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  get blockedUntilMs(): number {
    return this.blockedUntil;
  }

  /** Releases pending slot timers so the process can exit. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
