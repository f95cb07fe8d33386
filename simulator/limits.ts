/**
 * Per-token admission: the rolling-window rate limit (10 requests / 60 s by default, counted at
 * arrival), and the Tickets API failure lockout (3 consecutive failed responses → 429 "Too many failed
 * requests" for 60 s). Also remembers Retry-After deadlines to flag clients that ignore them.
 */
import type { SimulatorOptions } from './options.js';
import { HOUR } from './time.js';

interface TokenState {
  /** Arrival times of admitted requests inside the current window, oldest first. */
  arrivals: number[];
  failures: number;
  lockoutUntil: number;
  retryAfterUntil: number;
}

export type Gate =
  | { kind: 'pass' }
  | { kind: 'lockout'; retryAfterMs: number }
  | { kind: 'rate'; retryAfterMs: number | null };

export interface Admission {
  gate: Gate;
  /** The request arrived before a Retry-After previously given to this token had expired. */
  beforeRetryAfter: boolean;
}

export const RATE_LIMIT_MESSAGE = 'Limite de requisições excedido';
export const LOCKOUT_MESSAGE = 'Too many failed requests';

/** Seconds as the header carries them: whole seconds at real speed, fractions when time is scaled. */
export function formatRetryAfter(ms: number, timeScale: number): string {
  if (timeScale >= 1) return String(Math.max(1, Math.ceil(ms / 1000)));
  return String(Math.max(1, Math.ceil(ms)) / 1000);
}

function isBrasiliaNight(nowMs: number): boolean {
  const hour = Math.floor((nowMs - 3 * HOUR) / HOUR) % 24;
  return hour >= 19 || hour < 7;
}

export class Limits {
  private readonly states = new Map<string, TokenState>();

  constructor(private readonly options: () => SimulatorOptions) {}

  private state(token: string): TokenState {
    let s = this.states.get(token);
    if (!s) {
      s = { arrivals: [], failures: 0, lockoutUntil: 0, retryAfterUntil: 0 };
      this.states.set(token, s);
    }
    return s;
  }

  admit(token: string, now: number): Admission {
    const opts = this.options();
    const s = this.state(token);
    const beforeRetryAfter = now < s.retryAfterUntil;
    if (opts.lockout.enabled && now < s.lockoutUntil) {
      return { gate: { kind: 'lockout', retryAfterMs: s.lockoutUntil - now }, beforeRetryAfter };
    }
    const rate = opts.rateLimit;
    if (rate.enabled && !(rate.nightUnlimited && isBrasiliaNight(now))) {
      const window = rate.windowMs * opts.timeScale;
      while (s.arrivals.length > 0 && (s.arrivals[0] ?? 0) <= now - window) s.arrivals.shift();
      if (s.arrivals.length >= rate.requests) {
        const retryAfterMs = rate.omitRetryAfter ? null : (s.arrivals[0] ?? now) + window - now;
        return { gate: { kind: 'rate', retryAfterMs }, beforeRetryAfter };
      }
      s.arrivals.push(now);
    }
    return { gate: { kind: 'pass' }, beforeRetryAfter };
  }

  /**
   * Accounts for a finished response. Any status >= 400 (rate 429s included) is a failure; lockout
   * answers only count when `countViolations` is on. Returns true when this response started a lockout.
   */
  settle(
    token: string,
    status: number,
    now: number,
    retryAfterMs: number | null,
    duringLockout: boolean,
  ): boolean {
    const opts = this.options();
    const s = this.state(token);
    if (retryAfterMs !== null) s.retryAfterUntil = Math.max(s.retryAfterUntil, now + retryAfterMs);
    if (status < 400) {
      s.failures = 0;
      return false;
    }
    if (!opts.lockout.enabled || (duringLockout && !opts.lockout.countViolations)) return false;
    s.failures += 1;
    if (s.failures < opts.lockout.failures) return false;
    s.failures = 0;
    s.lockoutUntil = now + opts.lockout.durationMs * opts.timeScale;
    return true;
  }

  reset(): void {
    this.states.clear();
  }
}
