import type { Writable } from 'node:stream';
import { TapError } from '../errors.js';

/** The consumer of stdout went away (EPIPE): nothing more can be delivered, so the whole run stops. */
export class OutputClosedError extends TapError {
  override readonly name = 'OutputClosedError';
  override readonly endsRun = true;
}

const CHUNK_BYTES = 1 << 20;
/** Above this many characters a line's exact UTF-8 size is measured instead of assuming 3 bytes each. */
const MEASURE_CHARS = 1 << 16;
const NO_BYTES = Buffer.alloc(0);

/**
 * Owns stdout. Lines are encoded as they come into byte chunks and written per checkpoint; `flush`
 * waits for the consumer (backpressure) and the last flush waits until everything reached the pipe,
 * because Node drops buffered pipe output when a process exits early. Encoding at once, instead of
 * keeping a page's lines as strings to join, lets each record's text die young (cheap GC) and skips
 * the join. A consumer that went away (EPIPE) is remembered so the engine can stop cleanly instead
 * of crashing.
 */
export class ProtocolOutput {
  private chunks: Buffer[] = [];
  private current: Buffer = NO_BYTES;
  private used = 0;
  private closedError: Error | undefined;

  constructor(private readonly out: Writable = process.stdout) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.closedError = error;
    });
  }

  line(message: unknown): void {
    this.framed(NO_BYTES, JSON.stringify(message), NO_BYTES);
  }

  /**
   * One line from three pieces without concatenating them first: `head` and `tail` are the fixed
   * envelope around a record's JSON (no newline inside), encoded once by the caller.
   */
  framed(head: Uint8Array, body: string, tail: Uint8Array): void {
    this.reserve(head.length + utf8Bound(body) + tail.length + 1);
    this.current.set(head, this.used);
    this.used += head.length;
    this.used += this.current.write(body, this.used, 'utf8');
    this.current.set(tail, this.used);
    this.used += tail.length;
    this.current[this.used++] = 0x0a;
  }

  /** Writes a line at once, ahead of the batch (log lines that must not wait for a checkpoint). */
  lineNow(message: unknown): void {
    if (!this.closedError) this.out.write(`${JSON.stringify(message)}\n`);
  }

  async flush(): Promise<void> {
    if (this.closedError) {
      this.chunks = [];
      this.current = NO_BYTES;
      this.used = 0;
      throw new OutputClosedError(this.closedError.message);
    }
    this.seal(0);
    const chunks = this.chunks;
    if (chunks.length === 0) return;
    this.chunks = [];
    for (let index = 0; index < chunks.length - 1; index++) this.out.write(chunks[index]);
    // Callbacks run in order, so the last one fires once every chunk reached the pipe: that is
    // the backpressure.
    await new Promise<void>((resolve) => {
      this.out.write(chunks[chunks.length - 1], () => resolve());
    });
  }

  /** Room for `bytes` more in the current chunk; a new chunk is allocated only when a line needs it. */
  private reserve(bytes: number): void {
    if (this.used + bytes > this.current.length) this.seal(Math.max(CHUNK_BYTES, bytes));
  }

  /**
   * Queues what the current chunk holds. A chunk at least half full is queued as it is and a new one
   * of `nextBytes` starts (queued chunks are never written to again); a mostly empty one (a page of
   * few records, a STATE alone) is copied out and kept for the next lines, so it neither holds its
   * whole allocation until written nor costs a new one per checkpoint.
   */
  private seal(nextBytes: number): void {
    let reusable = true;
    if (this.used > 0) {
      const filled = this.current.subarray(0, this.used);
      if (this.used * 2 < this.current.length) {
        this.chunks.push(Buffer.from(filled));
      } else {
        this.chunks.push(filled);
        reusable = false;
      }
    }
    this.used = 0;
    if (!reusable || nextBytes > this.current.length)
      this.current = nextBytes > 0 ? Buffer.allocUnsafe(nextBytes) : NO_BYTES;
  }
}

/**
 * Bytes a string may need in UTF-8: at most 3 per UTF-16 unit, measured exactly for long strings so a
 * huge record does not hold three times its size until the next flush.
 */
function utf8Bound(text: string): number {
  return text.length > MEASURE_CHARS ? Buffer.byteLength(text, 'utf8') : text.length * 3;
}
