/**
 * Chooses `$top` for list pages. Movidesk answers a query it finds too heavy with a 500 and locks
 * the account out after three failed requests in a row, so the first shrink is decisive (half, then
 * a quarter of that). Once a size has worked, the next pages probe halfway between the largest size
 * that worked and the smallest that failed: the search converges on the largest page the API accepts
 * in a handful of failed requests, each followed by a page at a size known to work.
 */
export class PageSizer {
  private good = 0;
  private bad: number;
  private current: number;
  private consecutiveFailures = 0;

  constructor(private readonly max: number) {
    this.bad = max + 1;
    this.current = max;
  }

  get size(): number {
    return this.current;
  }

  /** A heavy-query failure at the current size; false when already at one row (the query itself is the problem). */
  shrink(): boolean {
    if (this.current <= 1) return false;
    this.consecutiveFailures += 1;
    // A size that worked before failing now means the limit moved (a busier server): start over below it.
    if (this.current <= this.good) this.good = 0;
    this.bad = Math.min(this.bad, this.current);
    if (this.good > 0) this.current = this.good;
    else this.current = Math.max(1, Math.floor(this.current / (this.consecutiveFailures >= 2 ? 4 : 2)));
    return true;
  }

  /** A page came back: probe upwards until the largest accepted size is known. */
  succeeded(): void {
    this.consecutiveFailures = 0;
    this.good = Math.max(this.good, this.current);
    this.current =
      this.bad > this.max
        ? this.max
        : this.bad - this.good > 1
          ? Math.floor((this.good + this.bad) / 2)
          : this.good;
  }
}
