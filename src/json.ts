import { readFileSync } from 'node:fs';
import type { TapError } from './errors.js';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What to tell the user after each kind of failure, e.g. which flag or sample file to look at. */
export interface JsonFileHints {
  unreadable?: string;
  empty?: string;
  invalid?: string;
}

/** Reads a JSON file the user handed in; every error is one line naming the file and what is wrong. */
export function readJsonFile(
  path: string,
  label: string,
  ErrorType: new (message: string) => TapError,
  hints: JsonFileHints = {},
): unknown {
  const hint = (text: string | undefined) => (text ? `; ${text}` : '');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ErrorType(`cannot read ${label} file ${path} (${code})${hint(hints.unreadable)}`);
  }
  if (text.trim() === '') throw new ErrorType(`${label} file ${path} is empty${hint(hints.empty)}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ErrorType(
      `${label} file ${path} is not valid JSON (${where((error as Error).message, text)})${hint(hints.invalid)}`,
    );
  }
}

/**
 * Where the JSON breaks, as line and column, never the text around it: V8 quotes the file's
 * content, and a config file holds the token, which a broken file cannot yet tell the redactor.
 */
function where(message: string, text: string): string {
  const at = (index: number) => {
    const before = text.slice(0, index).split('\n');
    return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
  };
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `syntax error at ${at(Number(position))}`;
  // Node 20 names the character it choked on instead (and quotes the text, which is not repeated).
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  if (token !== undefined && text.includes(token))
    return `unexpected ${JSON.stringify(token)} at ${at(text.indexOf(token))}`;
  return /end of JSON input/i.test(message) ? 'it ends too early' : 'syntax error';
}
