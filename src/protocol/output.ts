import type { Writable } from 'node:stream';

/** The consumer of stdout went away (EPIPE): stop reading, nothing more can be delivered. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

const CHUNK_BYTES = 1 << 20;

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
  private current = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private closedError: Error | undefined;

  constructor(private readonly out: Writable = process.stdout) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.closedError = error;
    });
  }

  line(message: unknown): void {
    this.raw(JSON.stringify(message));
  }

  /** A line already serialised as one JSON object (no newline inside). */
  raw(line: string): void {
    this.reserve(line.length * 3 + 1);
    this.used += this.current.write(line, this.used, 'utf8');
    this.current[this.used++] = 0x0a;
  }

  /**
   * One line from three pieces without concatenating them first: `head` and `tail` are the fixed
   * envelope around a record's JSON, encoded once by the caller.
   */
  framed(head: Uint8Array, body: string, tail: Uint8Array): void {
    this.reserve(head.length + body.length * 3 + tail.length + 1);
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
      this.used = 0;
      throw new OutputClosedError(this.closedError.message);
    }
    if (this.used > 0) this.seal(CHUNK_BYTES);
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

  /** Room for `bytes` more in the current chunk (UTF-8 needs at most 3 bytes per UTF-16 unit). */
  private reserve(bytes: number): void {
    if (this.used + bytes > this.current.length) this.seal(Math.max(CHUNK_BYTES, bytes));
  }

  /** Queues what the current chunk holds and starts a new one; written chunks are never reused. */
  private seal(nextBytes: number): void {
    if (this.used > 0) this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(nextBytes);
    this.used = 0;
  }
}
