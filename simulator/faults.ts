/**
 * Random faults, drawn from a seeded stream (three draws per request, whatever the outcome, so a
 * given seed and request order always produce the same faults).
 */
import type { FaultOptions } from './options.js';
import { Rng } from './prng.js';

export type FaultKind = 'none' | 'burst429' | 'http5xx' | 'drop' | 'wrongShape';

export interface Fault {
  kind: FaultKind;
  /** Extra delay before answering (already scaled). */
  delayMs: number;
  status?: 500 | 502 | 503 | 504;
  /** For burst 429s: the Retry-After to send, or null for none. */
  retryAfterMs?: number | null;
}

export class FaultInjector {
  private rng: Rng;
  private burstLeft = 0;
  private burstRetryAfter: number | null = null;

  constructor(private readonly seed: number) {
    this.rng = new Rng(seed, 'faults');
  }

  reset(): void {
    this.rng = new Rng(this.seed, 'faults');
    this.burstLeft = 0;
  }

  next(opts: FaultOptions, timeScale: number): Fault {
    const slow = this.rng.float() < opts.slowRate;
    const main = this.rng.float();
    const sub = this.rng.float();
    const delayMs = slow ? opts.slowMs * timeScale : 0;
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return { kind: 'burst429', delayMs, retryAfterMs: this.burstRetryAfter };
    }
    let edge = opts.burst429Rate;
    if (main < edge) {
      this.burstLeft = Math.max(0, opts.burst429Length - 1);
      this.burstRetryAfter = sub < 0.5 ? 1000 * timeScale : null;
      return { kind: 'burst429', delayMs, retryAfterMs: this.burstRetryAfter };
    }
    edge += opts.error5xxRate;
    if (main < edge) {
      const status = sub < 0.4 ? 500 : sub < 0.6 ? 502 : sub < 0.85 ? 503 : 504;
      return { kind: 'http5xx', delayMs, status };
    }
    edge += opts.dropRate;
    if (main < edge) return { kind: 'drop', delayMs };
    edge += opts.wrongShapeRate;
    if (main < edge) return { kind: 'wrongShape', delayMs };
    return { kind: 'none', delayMs };
  }
}

/** Error pages as an IIS/ASP.NET front and its proxies produce them. */
export const ERROR_PAGES: Record<500 | 502 | 504, string> = {
  500:
    '<!DOCTYPE html>\r\n<html>\r\n<head><title>Runtime Error</title></head>\r\n<body>\r\n' +
    "<h1>Server Error in '/' Application.</h1>\r\n<h2><i>Runtime Error</i></h2>\r\n" +
    '<p>An application error occurred on the server.</p>\r\n</body>\r\n</html>\r\n',
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  504: '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n',
};

/** A 200 body of the wrong shape: arrays wrapped in an OData envelope, envelopes flattened, objects listed. */
export function wrongShape(body: unknown): unknown {
  if (Array.isArray(body)) return { value: body };
  if (body !== null && typeof body === 'object' && 'items' in body) return (body as { items: unknown }).items;
  return [body];
}
