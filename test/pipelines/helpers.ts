import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JsonRecord } from '../../src/streams/define.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { KEY_OF } from '../e2e/truth.js';

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

/** The PostgreSQL role the pipeline tests load as: the one psql uses (PGUSER, else the login name). */
export const PG_USER = process.env.PGUSER || userInfo().username;

/**
 * What is missing for the PostgreSQL the pipeline tests load into (on 127.0.0.1:5432, a database named
 * `test`, the current role without a password), in one line; undefined when it is all there.
 */
export function postgresProblem(
  options: { psql?: string; port?: number; database?: string; user?: string } = {},
): string | undefined {
  const { psql = 'psql', port = 5432, database = 'test', user = PG_USER } = options;
  const server = `PostgreSQL on 127.0.0.1:${port}`;
  try {
    const where = ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database];
    execFileSync(psql, [...where, '-w', '-Atc', 'select 1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    return undefined;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT')
      return `${psql} not found: the pipeline tests need the PostgreSQL client and server (Debian/Ubuntu: apt-get install postgresql postgresql-client)`;
    const reason = (failure.stderr ?? String(error))
      .replace(/^psql: error: /, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (/database ".*" does not exist/.test(reason))
      return `${server} has no database "${database}": create it with createdb -h 127.0.0.1 -p ${port} ${database}`;
    if (/Connection refused|could not connect|timeout expired|No such file or directory/.test(reason))
      return `no ${server}: the pipeline tests load into a PostgreSQL there; start it (Debian/Ubuntu: apt-get install postgresql, then pg_ctlcluster <version> main start)`;
    return `cannot use ${server} as role ${user} without a password: ${reason}`;
  }
}

let postgresChecked: string | undefined;
/** Throws postgresProblem's line, with no stack to read past, the first time and every time after. */
export function requirePostgres(): void {
  postgresChecked ??= postgresProblem() ?? '';
  if (postgresChecked) {
    const error = new Error(postgresChecked);
    error.stack = `Error: ${postgresChecked}`;
    throw error;
  }
}

/** A fresh database for one test file (after requirePostgres); dropped by the returned function. */
export function freshDatabase(): { name: string; drop: () => void } {
  requirePostgres();
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
  // Decoded as a stream: a multi-byte character split between two chunks stays whole.
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
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
  // A target that exits early closes its stdin: its exit code tells, not an EPIPE thrown in the test process.
  sink.stdin.on('error', () => undefined);
  let tapErr = '';
  source.stderr.setEncoding('utf8');
  source.stderr.on('data', (chunk) => {
    tapErr += chunk;
  });
  const tapDone = new Promise<number | null>((resolve) => source.on('close', (code) => resolve(code)));
  const [tapCode, targetResult] = await Promise.all([tapDone, finished(sink)]);
  return { tapCode, tapErr, target: targetResult };
}

/**
 * What a store does to a value it keeps. `seventh`: how it turns the API's 7 fractional digits into the
 * 6 it keeps: Python's datetime (meltanolabs-target-postgres, PyAirbyte) truncates; PostgreSQL parsing
 * the text (pipelinewise-target-postgres) rounds, as `rint(fraction * 1e6)` on the fraction read as a
 * double. `text`: what it makes of a string, when not the string itself.
 */
export interface Store {
  seventh: 'truncate' | 'round';
  text?: (value: string) => string;
}

const PYTHON: Store = { seventh: 'truncate' };

/** C's rint: to the nearest integer, ties to even. */
const rint = (x: number) => {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/**
 * A timestamp as `<epoch seconds>.<microseconds>`, other values unchanged: every store keeps
 * microseconds, so timestamps are compared at that precision whatever their text (offset or none, which
 * means UTC; `T` or a space; trailing zeros dropped or not).
 */
export function instant(value: unknown, seventh: Store['seventh'] = 'truncate'): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
    value,
  );
  if (!match) return value;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const offset = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  if (Number.isNaN(ms)) return value;
  let seconds = ms / 1000;
  let micros =
    seventh === 'round'
      ? rint(Number(`0.${fraction || '0'}`) * 1e6)
      : Number(fraction.padEnd(6, '0').slice(0, 6));
  if (micros === 1_000_000) {
    seconds += 1;
    micros = 0;
  }
  return `${seconds}.${String(micros).padStart(6, '0')}`;
}

/** An API value as the store gives it back (timestamps as instants). */
function stored(value: unknown, store: Store): unknown {
  const time = instant(value, store.seventh);
  return typeof time === 'string' && time === value && store.text ? store.text(time) : time;
}

/** Keys of the given rows in expectedKeys' shape, sorted (timestamps compared as instants). */
export function keysOf(stream: string, rows: JsonRecord[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify((KEY_OF[stream] as (r: JsonRecord) => unknown[])(row).map((value) => instant(value))),
    )
    .sort();
}

/** expectedKeys' keys of one stream (the API's values), in keysOf's shape, as the store keeps them. */
export const expectedFor = (keys: string[] | undefined, store: Store = PYTHON) =>
  (keys ?? [])
    .map((key) => JSON.stringify((JSON.parse(key) as unknown[]).map((value) => stored(value, store))))
    .sort();

/** A row as the API has it: same value for every column, timestamps as instants, nested objects as JSON. */
export function sameRow(table: JsonRecord, api: JsonRecord, store: Store = PYTHON): void {
  for (const [column, value] of Object.entries(table)) {
    if (column.startsWith('_sdc_') || column.startsWith('_airbyte_') || !(column in api)) continue;
    const expected = api[column];
    if (expected !== null && typeof expected === 'object') expect(value, column).toEqual(expected);
    else expect(instant(value), column).toEqual(stored(expected, store));
  }
}

/** A row whose columns were lower-cased (pipelinewise-target-postgres, PyAirbyte's cache) under the schema's names. */
export function schemaNames(stream: string, row: Record<string, unknown>): JsonRecord {
  const names = new Map(
    Object.keys(streamSchema(stream).properties ?? {}).map((name) => [name.toLowerCase(), name]),
  );
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [names.get(column) ?? column, value]),
  );
}
