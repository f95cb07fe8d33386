import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, '..', '..', 'reports', 'reliability.json');

/** Adds a measured figure to reports/reliability.json (the README's Reliability table comes from it). */
export function recordOutcome(name: string, value: unknown): void {
  mkdirSync(join(FILE, '..'), { recursive: true });
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    // first figure of this run
  }
  writeFileSync(
    FILE,
    `${JSON.stringify({ ...current, [name]: value, measuredAt: new Date().toISOString() }, null, 2)}\n`,
  );
}
