import type { Writable } from 'node:stream';

/** The consumer of stdout went away (EPIPE): stop reading, nothing more can be delivered. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

/**
 * Owns stdout. Lines are batched per checkpoint and written in one chunk; `flush` waits for the
 * consumer (backpressure) and the last flush waits until everything reached the pipe, because Node drops
 * buffered pipe output when a process exits early. A consumer that went away (EPIPE) is remembered
 * so the engine can stop cleanly instead of crashing.
 */
export class ProtocolOutput {
  private buffer: string[] = [];
  private closedError: Error | undefined;

  constructor(private readonly out: Writable = process.stdout) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.closedError = error;
    });
  }

  line(message: unknown): void {
    this.buffer.push(JSON.stringify(message));
  }

  /** A line already serialised as one JSON object (no newline inside). */
  raw(line: string): void {
    this.buffer.push(line);
  }

  /** Writes a line at once, ahead of the batch (log lines that must not wait for a checkpoint). */
  lineNow(message: unknown): void {
    if (!this.closedError) this.out.write(`${JSON.stringify(message)}\n`);
  }

  async flush(): Promise<void> {
    if (this.closedError) {
      this.buffer = [];
      throw new OutputClosedError(this.closedError.message);
    }
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    // The write callback fires once the chunk reached the pipe: that is the backpressure.
    await new Promise<void>((resolve) => {
      this.out.write(chunk, () => resolve());
    });
  }
}
