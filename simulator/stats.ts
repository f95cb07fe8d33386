/** Request accounting for tests and the demo. Tokens never appear in the logs. */

export interface RequestLog {
  seq: number;
  /** Arrival time (simulator clock), ISO-8601. */
  at: string;
  method: string;
  path: string;
  /** Query string with the token value replaced by `***`. */
  query: string;
  status: number;
  durationMs: number;
  fault?: string;
  /** The answer was cut mid-body. */
  dropped?: boolean;
  duringLockout?: boolean;
  beforeRetryAfter?: boolean;
  lockoutStarted?: boolean;
}

export interface SimulatorStats {
  totalRequests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** Every 429 answered (rate limit, lockout and fault bursts). */
  throttled: number;
  rateLimited: number;
  lockoutsStarted: number;
  requestsDuringLockout: number;
  requestsBeforeRetryAfter: number;
  heavyQueryRejected: number;
  faults: Record<string, number>;
  churnChanges: number;
  /** Most recent requests, oldest first. */
  recent: RequestLog[];
}

export function redactQuery(search: string): string {
  return search.replace(/([?&]token=)[^&]*/gi, '$1***');
}

export class StatsRecorder {
  private stats: SimulatorStats = StatsRecorder.empty();
  private seq = 0;

  constructor(private readonly logLimit: () => number) {}

  private static empty(): SimulatorStats {
    return {
      totalRequests: 0,
      byRoute: {},
      byStatus: {},
      throttled: 0,
      rateLimited: 0,
      lockoutsStarted: 0,
      requestsDuringLockout: 0,
      requestsBeforeRetryAfter: 0,
      heavyQueryRejected: 0,
      faults: {},
      churnChanges: 0,
      recent: [],
    };
  }

  nextSeq(): number {
    return ++this.seq;
  }

  record(log: RequestLog, extra: { rateLimited?: boolean; heavy?: boolean } = {}): void {
    const s = this.stats;
    s.totalRequests++;
    s.byRoute[log.path] = (s.byRoute[log.path] ?? 0) + 1;
    s.byStatus[String(log.status)] = (s.byStatus[String(log.status)] ?? 0) + 1;
    if (log.status === 429) s.throttled++;
    if (extra.rateLimited) s.rateLimited++;
    if (extra.heavy) s.heavyQueryRejected++;
    if (log.duringLockout) s.requestsDuringLockout++;
    if (log.beforeRetryAfter) s.requestsBeforeRetryAfter++;
    if (log.lockoutStarted) s.lockoutsStarted++;
    if (log.fault) s.faults[log.fault] = (s.faults[log.fault] ?? 0) + 1;
    s.recent.push(log);
    const limit = this.logLimit();
    if (s.recent.length > limit) s.recent.splice(0, s.recent.length - limit);
  }

  addChurn(n: number): void {
    this.stats.churnChanges += n;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = StatsRecorder.empty();
  }
}
