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
      `${label} file ${path} is not valid JSON (${(error as Error).message})${hint(hints.invalid)}`,
    );
  }
}
