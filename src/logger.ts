import type { Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export const LOG_LEVELS = Object.keys(ORDER) as LogLevel[];

/** Where formatted log lines go: stderr for Singer, LOG messages on stdout for Airbyte. */
export type LogSink = (level: LogLevel, line: string) => void;

export const stderrSink: LogSink = (level, line) => {
  process.stderr.write(`${level.toUpperCase()} ${line}\n`);
};

/** One logger for the whole process; every line passes through the redactor. */
export class Logger {
  private readonly warnedOnce = new Set<string>();

  constructor(
    readonly level: LogLevel,
    private readonly redactor: Redactor,
    private readonly sink: LogSink = stderrSink,
  ) {}

  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.level];
  }

  log(level: LogLevel, message: string): void {
    if (this.enabled(level)) this.sink(level, this.redactor.redact(message));
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
  metric(type: 'counter' | 'timer', metric: string, value: number, tags: Record<string, unknown> = {}): void {
    this.info(`METRIC: ${JSON.stringify({ type, metric, value, tags })}`);
  }
}
