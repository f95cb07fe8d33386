/**
 * Errors a user can act on. `message` is always one line that says what is wrong and how to fix it;
 * the CLI prints it without a stack trace unless --log-level debug.
 */
export class TapError extends Error {
  /** Process exit code the CLI uses for this kind of failure. */
  readonly exitCode: number = 1;
  /**
   * True when nothing else can work either (the token was rejected, the output is gone): the run
   * stops. Otherwise only the stream being read fails and the run goes on with the others.
   */
  readonly endsRun: boolean = false;
  override readonly name: string = 'TapError';
}

/** Bad config file, value or environment variable. */
export class ConfigError extends TapError {
  override readonly name = 'ConfigError';
  override readonly exitCode = 2;
  override readonly endsRun = true;
}

/** Bad catalog file or selection. */
export class CatalogError extends TapError {
  override readonly name = 'CatalogError';
  override readonly exitCode = 2;
  override readonly endsRun = true;
}

/** Bad state file. */
export class StateError extends TapError {
  override readonly name = 'StateError';
  override readonly exitCode = 2;
  override readonly endsRun = true;
}

/** Bad command-line usage. */
export class UsageError extends TapError {
  override readonly name = 'UsageError';
  override readonly exitCode = 2;
  override readonly endsRun = true;
}

/** The API answered with something the tap cannot use (wrong shape, wrong type, bad date). */
export class ApiDataError extends TapError {
  override readonly name = 'ApiDataError';
}

/** Any text as one line (error messages are printed one per line). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
