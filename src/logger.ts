import type { Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export const LOG_LEVELS = Object.keys(ORDER) as LogLevel[];

/** Where formatted log lines go: stderr for Singer, LOG messages on stdout for Airbyte. */
export type LogSink = (level: LogLevel, line: string) => void;

/** `LEVEL message` lines on a stream (stderr for the Singer tap). */
export const lineSink =
  (stream: NodeJS.WritableStream = process.stderr): LogSink =>
  (level, line) => {
    stream.write(`${level.toUpperCase()} ${line}\n`);
  };

/** One logger for the whole process; every line passes through the redactor. */
export class Logger {
  private readonly warnedOnce = new Set<string>();

  private liveOpen = false;

  constructor(
    readonly level: LogLevel,
    private readonly redactor: Redactor,
    private readonly sink: LogSink = lineSink(),
    /** A terminal to draw one progress line on (stderr of a Singer run, when it is a TTY). */
    private readonly terminal?: NodeJS.WritableStream,
  ) {}

  /** Whether progress is drawn as a live line rather than logged. */
  get live(): boolean {
    return this.terminal !== undefined;
  }

  /** Redraws the live progress line (an empty line clears it). */
  progress(line: string): void {
    if (!this.terminal) return;
    const width = (this.terminal as { columns?: number }).columns ?? 120;
    this.terminal.write(`\r\x1b[K${this.redactor.redact(line).slice(0, width - 1)}`);
    this.liveOpen = line !== '';
  }

  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.level];
  }

  log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    if (this.liveOpen) {
      this.terminal?.write('\r\x1b[K');
      this.liveOpen = false;
    }
    this.sink(level, this.redactor.redact(message));
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  error(message: string): void {
    this.log('error', message);
  }

  /** Logs a warning the first time `key` is seen, so schema drift does not flood the log. */
  warnOnce(key: string, message: string): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(message);
  }

  /** Singer metric line (`METRIC: {...}`), read by orchestrators from stderr. */
  metric(
    type: 'counter' | 'timer' | 'gauge',
    metric: string,
    value: number,
    tags: Record<string, unknown> = {},
  ): void {
    this.info(`METRIC: ${JSON.stringify({ type, metric, value, tags })}`);
  }
}
