import type { Logger } from '../logger.js';
import type { Counts } from './records/emit.js';

export interface RequestCounter {
  readonly requests: number;
  readonly throttled: number;
  /** Requests started and not yet answered, when the counter knows. */
  readonly inFlight?: number;
}

/**
 * What a person running a long backfill wants to see: per-stream records and requests, the window
 * being read, the request rate, and an estimate of the time left. Keyset pages read ids in order, and
 * the recent route (read first) holds the highest ids, so on the archive route the share of the id
 * span already read is a fair measure of progress. Goes to the logger's live line on a terminal,
 * else to a log line every `intervalMs`.
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private lastLine = 0;
  private maxKey: number | undefined;
  private route: { name: string; firstKey: number; since: number } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly requests: RequestCounter,
    private readonly intervalMs = 30_000,
  ) {}

  page(
    stream: string,
    window: string,
    label: string,
    counts: Counts,
    position: { route?: string; after?: unknown; ranges?: { after: unknown; up_to: number | null }[] },
  ): void {
    const key = typeof position.after === 'number' ? position.after : undefined;
    if (key !== undefined) {
      if (position.route && position.route !== this.route?.name)
        this.route = { name: position.route, firstKey: key, since: Date.now() };
      const highest = (position.ranges ?? []).reduce(
        (max, range) => (typeof range.after === 'number' ? Math.max(max, range.after) : max),
        key,
      );
      this.maxKey = Math.max(this.maxKey ?? highest, highest);
    }
    const minutes = (Date.now() - this.started) / 60_000;
    const rate = minutes > 0 ? this.requests.requests / minutes : 0;
    const eta = this.eta(key, position.ranges);
    const inFlight = this.requests.inFlight !== undefined ? `, ${this.requests.inFlight} in flight` : '';
    const line = `${stream} ${window} ${label} | ${records(counts)} | ${this.requests.requests} requests (${rate.toFixed(1)}/min, ${this.requests.throttled} throttled${inFlight})${eta ? ` | ~${eta} left on this route` : ''}`;
    if (this.logger.live) this.logger.progress(line);
    else if (Date.now() - this.lastLine >= this.intervalMs) {
      this.lastLine = Date.now();
      this.logger.info(`progress: ${line}`);
    }
  }

  finish(): void {
    if (this.logger.live) this.logger.progress('');
    this.logger.metric('counter', 'http_request_count', this.requests.requests, {});
    this.logger.metric('gauge', 'peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024), {});
  }

  private eta(
    key: number | undefined,
    ranges: { after: unknown; up_to: number | null }[] | undefined,
  ): string | undefined {
    if (key === undefined || !this.route || this.maxKey === undefined || this.maxKey <= this.route.firstKey)
      return undefined;
    const { firstKey } = this.route;
    const maxKey = this.maxKey;
    // Id ranges read side by side: what is left is the sum of what each range has left.
    const left = ranges
      ? ranges.reduce(
          (sum, range) =>
            sum +
            Math.max(0, (range.up_to ?? maxKey) - (typeof range.after === 'number' ? range.after : firstKey)),
          0,
        )
      : maxKey - key;
    const done = 1 - left / (maxKey - firstKey);
    if (done <= 0.02 || done >= 1) return undefined;
    const seconds = ((Date.now() - this.route.since) / 1000) * ((1 - done) / done);
    return seconds >= 3600
      ? `${(seconds / 3600).toFixed(1)} h`
      : seconds >= 60
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds)} s`;
  }
}

function records(counts: Counts): string {
  let total = 0;
  for (const count of counts.values()) total += count;
  const top = [...counts].slice(0, 3).map(([stream, count]) => `${stream}=${count}`);
  return `${total} records${top.length ? ` (${top.join(' ')}${counts.size > 3 ? ' …' : ''})` : ''}`;
}
