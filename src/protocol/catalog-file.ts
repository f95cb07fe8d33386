import { readFileSync } from 'node:fs';
import { CatalogError, StateError, type TapError } from '../errors.js';

/** Reads a JSON file given on the command line; errors name the flag and the file. */
export function readJsonFile(
  path: string,
  flag: string,
  ErrorType: new (message: string) => TapError,
): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ErrorType(
      `cannot read ${flag} file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (text.trim() === '') throw new ErrorType(`${flag} file ${path} is empty`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ErrorType(`${flag} file ${path} is not valid JSON (${(error as Error).message})`);
  }
}

export const readCatalogFile = (path: string, flag: string) => readJsonFile(path, flag, CatalogError);

/** State files are often the last line of a log: accept a file whose last non-empty line is the state. */
export function readStateFile(path: string): unknown {
  try {
    return readJsonFile(path, '--state', StateError);
  } catch (error) {
    const lines = safeLines(path);
    const last = lines[lines.length - 1];
    if (lines.length > 1 && last !== undefined) {
      try {
        return JSON.parse(last);
      } catch {
        // fall through to the original, clearer error
      }
    }
    throw error;
  }
}

function safeLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
