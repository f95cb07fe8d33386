import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { expectedKeys, KEY_OF } from '../e2e/truth.js';

/**
 * The install paths README "Install" gives, from what a clean clone holds (the repository's files as
 * git would commit them, without node_modules/ or dist/): `npm ci` in the clone, `npm pack` and
 * `npm install -g <tarball>`, and `npm install -g git+file://<repository>`, each into an empty prefix.
 * The installed bins then run by name from PATH, in a directory that is not the repository: --about,
 * `source-movidesk spec`, --discover and a sync against the simulator. Everything happens in a
 * temporary directory; npm uses its usual cache (and the registry for what the cache lacks).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
/** npm installs and builds: generous for a busy machine (about 20 s each on an idle one). */
const INSTALL_TIMEOUT = 600_000;
const TIME_SCALE = '0.01';

const dir = mkdtempSync(join(tmpdir(), 'tap-install-'));
const repo = join(dir, 'repo');
const home = join(dir, 'cwd');

/**
 * The environment of a user's shell: nothing npm or vitest set for this test run (npm_* settings,
 * node_modules/.bin directories on PATH would lend the clone the repository's tools), no tap settings.
 */
function userEnv(extraPath: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|VITEST|TAP_MOVIDESK_|GIT_)/i.test(key))
      env[key] = value;
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.split(sep).includes('node_modules'));
  env.PATH = [...extraPath, ...path].join(delimiter);
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Async: the simulator answers from this process, and npm runs for seconds. */
function run(command: string, args: string[], cwd: string, env = userEnv()): Promise<Run> {
  return finished(spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], cwd);

/** What a clean clone holds: the files git would commit (tracked and new, not ignored), as one commit. */
function snapshotRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: userEnv(),
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(to, file));
  }
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=tap-movidesk tests',
        '-c',
        'user.email=tests@localhost',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      { cwd: to, env: userEnv(), stdio: 'ignore' },
    );
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot of the working tree');
}

/** Fails with npm's own words when a step did not exit 0. */
function expectOk(step: string, result: Run): void {
  expect(result.code, `${step} failed:\n${result.stderr.slice(-3000)}`).toBe(0);
}

interface Message {
  type: string;
  stream?: string;
  record?: JsonRecord;
  value?: { bookmarks?: Record<string, unknown> };
}

let sim: Simulator;
/** Started in beforeAll, awaited by its own tests: it runs while the clone installs and packs. */
let gitInstall: Promise<Run>;
let tarball = '';

beforeAll(async () => {
  mkdirSync(home);
  snapshotRepository(repo);
  gitInstall = npm(['install', '--global', '--prefix', join(dir, 'git'), `git+file://${repo}`], home);
  sim = await startSimulator({ seed: 11, tickets: 40, timeScale: Number(TIME_SCALE) });
}, INSTALL_TIMEOUT);

afterAll(async () => {
  await gitInstall;
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a clean clone', () => {
  it(
    'npm ci installs the locked tree and builds dist/; npm install then changes no tracked file',
    async () => {
      expectOk('npm ci', await npm(['ci'], repo));
      expect(existsSync(join(repo, 'dist', 'cli.js'))).toBe(true);
      expect(existsSync(join(repo, 'dist', 'airbyte-cli.js'))).toBe(true);
      expectOk('npm install', await npm(['install'], repo));
      const status = await run('git', ['status', '--porcelain'], repo);
      expectOk('git status', status);
      expect(status.stdout).toBe('');
    },
    INSTALL_TIMEOUT,
  );

  it(
    'npm pack gives a tarball with the bins, dist/, schemas/ and the bundled dependencies, without sources or tests',
    async () => {
      const pack = await npm(['pack', '--json', '--pack-destination', dir], repo);
      expectOk('npm pack', pack);
      const [report] = JSON.parse(pack.stdout) as {
        filename: string;
        files: { path: string }[];
        bundled: string[];
      }[];
      const paths = (report?.files ?? []).map((f) => f.path);
      for (const file of [
        'bin/tap-movidesk.js',
        'bin/source-movidesk.js',
        'dist/cli.js',
        'dist/airbyte-cli.js',
        'schemas/config.json',
        'package.json',
      ])
        expect(paths, file).toContain(file);
      expect(paths.filter((p) => /^(src|test|simulator|scripts)\//.test(p))).toEqual([]);
      expect(report?.bundled).toEqual(expect.arrayContaining(Object.keys(PACKAGE.dependencies)));
      tarball = join(dir, report?.filename ?? 'missing.tgz');
      expect(existsSync(tarball)).toBe(true);
    },
    INSTALL_TIMEOUT,
  );
});

describe.each([
  {
    path: 'npm install -g <tarball of npm pack>',
    prefix: join(dir, 'tarball'),
    install: () => npm(['install', '--global', '--prefix', join(dir, 'tarball'), tarball], home),
  },
  {
    path: 'npm install -g git+file://<repository>',
    prefix: join(dir, 'git'),
    install: () => gitInstall,
  },
])('$path', ({ prefix, install }) => {
  const bins = join(prefix, 'bin');
  const env = () => ({ ...userEnv([bins]), TAP_MOVIDESK_TIME_SCALE: TIME_SCALE });
  const tap = (...args: string[]) => run('tap-movidesk', args, home, env());
  const config = () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ token: sim.token, base_url: sim.url }));
    return path;
  };

  it(
    'installs into an empty prefix: a real package directory, both bins linked into it',
    async () => {
      expectOk('install', await install());
      const installed = join(prefix, 'lib', 'node_modules', PACKAGE.name);
      // Not a link to a clone or a temporary directory that npm deletes.
      expect(lstatSync(installed).isDirectory()).toBe(true);
      for (const bin of ['tap-movidesk', 'source-movidesk'])
        expect(realpathSync(join(bins, bin))).toBe(join(realpathSync(installed), 'bin', `${bin}.js`));
    },
    INSTALL_TIMEOUT,
  );

  it('tap-movidesk --about --format json exits 0 with the package name and version', async () => {
    const about = await tap('--about', '--format', 'json');
    expectOk('tap-movidesk --about', about);
    expect(JSON.parse(about.stdout)).toMatchObject({ name: PACKAGE.name, version: PACKAGE.version });
  });

  it('source-movidesk spec prints one SPEC message with the config schema', async () => {
    const spec = await run('source-movidesk', ['spec'], home, env());
    expectOk('source-movidesk spec', spec);
    const lines = spec.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const message = JSON.parse(lines[0] as string);
    expect(message.type).toBe('SPEC');
    expect(Object.keys(message.spec.connectionSpecification.properties)).toContain('token');
  });

  it('tap-movidesk --discover prints a catalog of every stream (schemas/ found from the install)', async () => {
    const discover = await tap('--config', config(), '--discover');
    expectOk('tap-movidesk --discover', discover);
    const catalog = JSON.parse(discover.stdout) as { streams: { tap_stream_id: string }[] };
    expect(catalog.streams.map((s) => s.tap_stream_id).sort()).toEqual(STREAMS.map((s) => s.name).sort());
  });

  it('a sync against the simulator emits exactly the ground truth of every stream and exits 0', async () => {
    const sync = await tap('--config', config());
    expectOk('tap-movidesk sync', sync);
    const messages = sync.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Message);
    const emitted: Record<string, string[]> = {};
    for (const m of messages) {
      if (m.type !== 'RECORD' || !m.stream) continue;
      const key = KEY_OF[m.stream];
      expect(key, `no key for stream ${m.stream}`).toBeDefined();
      emitted[m.stream] ??= [];
      emitted[m.stream]?.push(JSON.stringify(key?.(m.record as JsonRecord)));
    }
    const expected = expectedKeys(sim.truth());
    expect(Object.keys(emitted).sort()).toEqual(Object.keys(expected).sort());
    for (const [stream, keys] of Object.entries(expected))
      expect([...(emitted[stream] ?? [])].sort(), stream).toEqual([...keys].sort());
    expect(messages.filter((m) => m.type === 'STATE').at(-1)?.value?.bookmarks).toHaveProperty('tickets');
  });
});
