import { readFileSync } from 'node:fs';
import { CatalogError, StateError } from '../errors.js';
import { readJsonFile } from '../json.js';

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
