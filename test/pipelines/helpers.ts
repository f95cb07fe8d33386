import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TAP = join(ROOT, 'bin', 'tap-movidesk.js');
export const SOURCE = join(ROOT, 'bin', 'source-movidesk.js');

/** A tool from the venvs scripts/e2e-venv.sh builds (npm test runs it first). */
export function tool(venv: string, executable: string): string {
  const path = join(ROOT, '.venv-e2e', venv, 'bin', executable);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run bash scripts/e2e-venv.sh (npm test does it)`);
  return path;
}

/**
 * Test options for the pipeline specs. They start Python tools (Meltano, targets, checkers) again and
 * again, each taking seconds to start on a busy machine; the time limit only has to catch a hang, and
 * the default 60 s was eaten by four Meltano runs under load.
 */
export const PIPELINE = { timeout: 300_000 };

export const workdir = () => mkdtempSync(join(tmpdir(), 'tap-pipeline-'));

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/** psql against the local server (trust auth); rows come back as one JSON array. */
export function sql(database: string, query: string): unknown {
  const out = execFileSync(
    'psql',
    ['-h', '127.0.0.1', '-p', '5432', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', query],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  return out.trim() === '' ? null : JSON.parse(out);
}

export function rows(database: string, table: string): Record<string, unknown>[] {
  return (
    (sql(database, `select coalesce(json_agg(t), '[]'::json) from movidesk."${table}" t`) as Record<
      string,
      unknown
    >[]) ?? []
  );
}

/** A fresh database for one test file; dropped by the returned function. */
export function freshDatabase(): { name: string; drop: () => void } {
  const name = `tap_e2e_${process.pid}_${Date.now()}`;
  execFileSync('psql', ['-h', '127.0.0.1', '-d', 'test', '-qc', `create database ${name}`]);
  return {
    name,
    drop: () => {
      execFileSync('psql', [
        '-h',
        '127.0.0.1',
        '-d',
        'test',
        '-qc',
        `drop database if exists ${name} with (force)`,
      ]);
    },
  };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** `tap … | target …`, as a shell would run it; resolves with both ends. */
export async function pipeline(tap: string[], target: string[], env: NodeJS.ProcessEnv) {
  const source = spawn(process.execPath, [TAP, ...tap], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sink = spawn(target[0] as string, target.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  source.stdout.pipe(sink.stdin);
  let tapErr = '';
  source.stderr.on('data', (chunk) => {
    tapErr += chunk;
  });
  const tapDone = new Promise<number | null>((resolve) => source.on('close', (code) => resolve(code)));
  const [tapCode, targetResult] = await Promise.all([tapDone, finished(sink)]);
  return { tapCode, tapErr, target: targetResult };
}

/** Timestamps compared at millisecond precision (the API sends 7 digits, PostgreSQL keeps 6). */
export function instant(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return value;
  const trimmed = value.replace(' ', 'T').replace(/(\.\d{3})\d*/, '$1');
  return Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(trimmed) ? trimmed : `${trimmed}Z`);
}
