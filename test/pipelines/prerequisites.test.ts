import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, postgresProblem, ROOT, workdir } from './helpers.js';

/**
 * scripts/e2e-venv.sh in a copy of the repository without .venv-e2e/, so it has to install: what it
 * needs is checked first. Only the smallest pin file is copied; no check lets an install start.
 */
function scratchCopy(): string {
  const dir = workdir();
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'e2e', 'requirements'), { recursive: true });
  cpSync(join(ROOT, 'scripts', 'e2e-venv.sh'), join(dir, 'scripts', 'e2e-venv.sh'));
  cpSync(
    join(ROOT, 'e2e', 'requirements', 'target-jsonl.txt'),
    join(dir, 'e2e', 'requirements', 'target-jsonl.txt'),
  );
  return dir;
}

/** pip's settings from the environment are dropped, so the test's own index settings are the only ones. */
const withoutPip = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PIP_')));

const e2eVenv = (dir: string, env: NodeJS.ProcessEnv) =>
  finished(spawn('bash', [join(dir, 'scripts', 'e2e-venv.sh')], { env: { ...withoutPip(), ...env } }));

/** A stand-in for python that answers the version question with `version` and fails everything else. */
function fakePython(dir: string, version: string): string {
  const path = join(dir, 'fake-python');
  writeFileSync(path, `#!/bin/sh\ncase "$2" in *version_info*) echo ${version} ;; *) exit 1 ;; esac\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('scripts/e2e-venv.sh names a missing prerequisite in one line (exit 2), only when it has to install', () => {
  it('no Python', async () => {
    const result = await e2eVenv(scratchCopy(), { PYTHON: '/nonexistent/python3' });
    expect(result.stderr).toBe(
      'e2e-venv: /nonexistent/python3 not found: the pipeline tests need Python 3.11 or 3.12; install it (Debian/Ubuntu: apt-get install python3 python3-venv) or set PYTHON=/path/to/python3\n',
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('a Python the pins do not fit', async () => {
    const dir = scratchCopy();
    const python = fakePython(dir, '3.9');
    const result = await e2eVenv(dir, { PYTHON: python });
    expect(result.stderr).toBe(
      `e2e-venv: ${python} is Python 3.9; the pins in e2e/requirements/ need 3.11 or 3.12: install one and set PYTHON=/path/to/python3.11\n`,
    );
    expect(result.code).toBe(2);
  });

  it('no venv module', async () => {
    const dir = scratchCopy();
    const python = fakePython(dir, '3.11');
    const result = await e2eVenv(dir, { PYTHON: python });
    expect(result.stderr).toBe(
      `e2e-venv: ${python} has no venv module; install it (Debian/Ubuntu: apt-get install python3.11-venv)\n`,
    );
    expect(result.code).toBe(2);
  });

  it('no package index', { timeout: 120_000 }, async () => {
    const result = await e2eVenv(scratchCopy(), {
      PIP_CONFIG_FILE: '/dev/null',
      PIP_INDEX_URL: `http://127.0.0.1:${await freePort()}/simple/`,
    });
    expect(result.stderr).toBe(
      'e2e-venv: cannot reach the Python package index (PyPI, or PIP_INDEX_URL if set); the pipeline tools are installed from it once, into .venv-e2e/: connect to the internet or set PIP_INDEX_URL to a mirror\n',
    );
    expect(result.code).toBe(2);
  });

  it('nothing is checked when every venv is up to date (npm test prepared them)', async () => {
    const result = await finished(
      spawn('bash', [join(ROOT, 'scripts', 'e2e-venv.sh')], {
        env: { ...process.env, PYTHON: '/nonexistent/python3' },
      }),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

/** A TCP port nothing listens on (it was free a moment ago). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the PostgreSQL check of the pipeline helpers names what is missing in one line', () => {
  it('passes on the PostgreSQL npm test needs', () => {
    expect(postgresProblem()).toBeUndefined();
  });

  it('no psql', () => {
    expect(postgresProblem({ psql: '/nonexistent/psql' })).toBe(
      '/nonexistent/psql not found: the pipeline tests need the PostgreSQL client and server (Debian/Ubuntu: apt-get install postgresql postgresql-client)',
    );
  });

  it('no server', async () => {
    const port = await freePort();
    expect(postgresProblem({ port })).toBe(
      `no PostgreSQL on 127.0.0.1:${port}: the pipeline tests load into a PostgreSQL there; start it (Debian/Ubuntu: apt-get install postgresql, then pg_ctlcluster <version> main start)`,
    );
  });

  it('no test database', () => {
    expect(postgresProblem({ database: 'tap_no_such_database' })).toBe(
      'PostgreSQL on 127.0.0.1:5432 has no database "tap_no_such_database": create it with createdb -h 127.0.0.1 -p 5432 tap_no_such_database',
    );
  });

  it('a role the server does not know', () => {
    expect(postgresProblem({ user: 'tap_no_such_role' })).toBe(
      'cannot use PostgreSQL on 127.0.0.1:5432 as role tap_no_such_role without a password: connection to server at "127.0.0.1", port 5432 failed: FATAL: role "tap_no_such_role" does not exist',
    );
  });
});
