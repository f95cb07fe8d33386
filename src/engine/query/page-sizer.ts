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

  /**
   * A size known to work (or, before any failure, the only guess there is): for the other pages in
   * flight while one page tries `size` above it, so a probe that fails costs one request, not several.
   */
  get safeSize(): number {
    return this.bad > this.max || this.good === 0 ? this.current : Math.min(this.good, this.current);
  }

  /**
   * A heavy-query failure of a page asked at `size` (default: the current size); false when that was
   * one row (the query itself is the problem). With several pages in flight, a failure of a page
   * asked larger than the current size is already accounted for: it changes nothing.
   */
  shrink(size = this.current): boolean {
    if (size <= 1) return false;
    if (size > this.current) return true;
    this.consecutiveFailures += 1;
    // A size that worked before failing now means the limit moved (a busier server): start over below it.
    if (size <= this.good) this.good = 0;
    this.bad = Math.min(this.bad, size);
    if (this.good > 0) this.current = this.good;
    else this.current = Math.max(1, Math.floor(size / (this.consecutiveFailures >= 2 ? 4 : 2)));
    return true;
  }

  /**
   * A page asked at `size` (default: the current size) came back: probe upwards until the largest
   * accepted size is known. A page asked larger than the current size was sent before a failure made
   * it smaller: the failure is the newer news, the answer changes nothing.
   */
  succeeded(size = this.current): void {
    if (size > this.current) return;
    this.consecutiveFailures = 0;
    this.good = Math.max(this.good, size);
    this.current =
      this.bad > this.max
        ? this.max
        : this.bad - this.good > 1
          ? Math.floor((this.good + this.bad) / 2)
          : this.good;
  }
}
