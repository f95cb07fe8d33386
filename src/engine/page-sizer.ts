/**
 * Chooses `$top` for list pages. Movidesk answers a query it finds too heavy with a 500, and locks the
 * account out after three failed requests in a row, so the shrink is decisive: half on the first
 * failure, a quarter of that on the second. A size that failed twice is never asked for again; a size
 * that failed once is retried on the next page, so one random 500 does not halve the run's pages.
 */
export class PageSizer {
  private ceiling: number;
  private current: number;
  private consecutiveFailures = 0;
  private readonly strikes = new Map<number, number>();

  constructor(max: number) {
    this.ceiling = max;
    this.current = max;
  }

  get size(): number {
    return this.current;
  }

  /** Shrinks after a heavy-query failure; false when already at one row (the query itself is the problem). */
  shrink(): boolean {
    if (this.current <= 1) return false;
    this.consecutiveFailures += 1;
    const strikes = (this.strikes.get(this.current) ?? 0) + 1;
    this.strikes.set(this.current, strikes);
    const next = Math.max(1, Math.floor(this.current / (this.consecutiveFailures >= 2 ? 4 : 2)));
    if (strikes >= 2) this.ceiling = Math.min(this.ceiling, next);
    this.current = next;
    return true;
  }

  /** A page came back: the next one goes back to the largest size not known to fail. */
  succeeded(): void {
    this.consecutiveFailures = 0;
    this.current = this.ceiling;
  }
}
