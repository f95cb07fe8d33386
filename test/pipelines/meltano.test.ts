import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { STREAMS } from '../../src/streams/index.js';
import { configSchema } from '../../src/streams/schemas.js';
import { expectedKeys } from '../e2e/truth.js';
import {
  expectedFor,
  finished,
  freshDatabase,
  keysOf,
  PG_USER,
  PIPELINE,
  ROOT,
  rows,
  TAP,
  tool,
  workdir,
} from './helpers.js';

const TIME_SCALE = '0.01';

/** Settings of a plugin definition, by a tiny reader for the flat YAML we write (no YAML dependency). */
function settingNames(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*- name: (\w+)\n\s+label:/gm)].map((m) => m[1] as string);
}

describe('Meltano', PIPELINE, () => {
  let sim: Simulator;
  let db: ReturnType<typeof freshDatabase>;
  const dir = workdir();
  const project = join(dir, 'project');
  const bin = join(dir, 'bin');
  let env: NodeJS.ProcessEnv;

  // Async: the simulator answers from this process, so a blocking spawn would deadlock.
  const meltano = async (...args: string[]) => {
    const result = await finished(spawn(tool('meltano', 'meltano'), args, { cwd: project, env }));
    return { status: result.code, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, tickets: 250, timeScale: Number(TIME_SCALE) });
    db = freshDatabase();
    cpSync(join(ROOT, 'meltano'), project, { recursive: true });
    mkdirSync(bin);
    // As `npm install -g` would: the bin on PATH under its package name (test/install/ checks npm's part).
    symlinkSync(TAP, join(bin, 'tap-movidesk'));
    env = {
      ...process.env,
      PATH: [bin, join(ROOT, '.venv-e2e', 'target-postgres', 'bin'), process.env.PATH].join(':'),
      MELTANO_SEND_ANONYMOUS_USAGE_STATS: 'false',
      TAP_MOVIDESK_TOKEN: sim.token,
      TAP_MOVIDESK_BASE_URL: sim.url,
      TAP_MOVIDESK_TIME_SCALE: TIME_SCALE,
      TARGET_POSTGRES_SQLALCHEMY_URL: `postgresql+psycopg://${PG_USER}@127.0.0.1:5432/${db.name}`,
    };
    tool('target-postgres', 'target-postgres');
  });
  afterAll(async () => {
    await sim?.close();
    db?.drop();
  });

  it('meltano run tap-movidesk target-postgres, twice, with Meltano keeping the state', async () => {
    const first = await meltano('run', 'tap-movidesk', 'target-postgres');
    expect(first.status, first.stderr.slice(-2000)).toBe(0);
    const state = JSON.parse((await meltano('state', 'get', 'dev:tap-movidesk-to-target-postgres')).stdout);
    expect(state.singer_state.bookmarks.tickets).toMatchObject({
      replication_key: 'lastUpdate',
      replication_key_value: expect.any(String),
    });
    expect(rows(db.name, 'tickets')).toHaveLength(expectedKeys(sim.truth()).tickets?.length ?? -1);

    const changes = sim.churn(20);
    sim.resetStats();
    const second = await meltano('run', 'tap-movidesk', 'target-postgres');
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    // The bookmark Meltano kept made the second run incremental: one page of changes, no archive scan.
    expect(sim.stats().byRoute['/tickets']).toBe(2);
    expect(sim.stats().byRoute['/tickets/past'] ?? 0).toBe(0);
    const after = JSON.parse((await meltano('state', 'get', 'dev:tap-movidesk-to-target-postgres')).stdout);
    expect(
      after.singer_state.bookmarks.tickets.replication_key_value >
        state.singer_state.bookmarks.tickets.replication_key_value,
    ).toBe(true);
    const expected = expectedKeys(sim.truth());
    for (const stream of ['tickets', 'ticket_actions', 'survey_responses'])
      expect(keysOf(stream, rows(db.name, stream)), stream).toEqual(expectedFor(expected[stream]));
    expect(changes.length).toBe(20);
  });

  it('meltano invoke tap-movidesk --about, as JSON and markdown', async () => {
    const json = await meltano('invoke', 'tap-movidesk', '--about', '--format', 'json');
    expect(json.status, json.stderr).toBe(0);
    const about = JSON.parse(json.stdout);
    expect(about).toMatchObject({
      name: 'tap-movidesk',
      capabilities: ['catalog', 'discover', 'state', 'test', 'about', 'schema-flattening'],
    });
    // The plugin definitions advertise exactly what --about says.
    for (const file of ['meltano.yml', 'tap-movidesk.meltano.yml']) {
      const yaml = readFileSync(join(ROOT, 'meltano', file), 'utf8');
      expect(/capabilities: \[(.*)\]/.exec(yaml)?.[1]?.split(', '), file).toEqual(about.capabilities);
    }
    const markdown = await meltano('invoke', 'tap-movidesk', '--about', '--format', 'markdown');
    expect(markdown.stdout).toContain('## Settings');
    expect(markdown.stdout).toContain('| token | True |');
  });

  it('meltano invoke tap-movidesk --test: one request per root stream, at most one record per stream, no STATE', async () => {
    sim.resetStats();
    const test = await meltano('invoke', 'tap-movidesk', '--test');
    expect(test.status, test.stderr.slice(-2000)).toBe(0);
    const messages = test.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; stream?: string });
    const records = messages.filter((m) => m.type === 'RECORD').map((m) => m.stream);
    expect(records.length).toBeGreaterThan(20);
    expect(new Set(records).size).toBe(records.length);
    expect(messages.filter((m) => m.type === 'STATE')).toEqual([]);
    // meltano.yml selects every root stream: tickets, persons, survey questions and responses, hour
    // contracts and their consumption, services, activities.
    expect(sim.stats().totalRequests).toBe(8);
  });

  it('the Hub plugin definition adds to a new project and discovers, with the settings of the config schema', async () => {
    const definition = join(ROOT, 'meltano', 'tap-movidesk.meltano.yml');
    const text = readFileSync(definition, 'utf8');
    expect(settingNames(text)).toEqual(Object.keys(configSchema().properties ?? {}));
    expect(text).toMatch(/- name: token\n(\s+\w+: .*\n)*\s+sensitive: true/);
    // The example project's extractor is the same definition.
    const example = readFileSync(join(ROOT, 'meltano', 'meltano.yml'), 'utf8');
    expect(settingNames(example).slice(0, settingNames(text).length)).toEqual(settingNames(text));

    const fresh = join(dir, 'fresh');
    execFileSync(tool('meltano', 'meltano'), ['init', fresh, '--no_usage_stats'], { env, stdio: 'ignore' });
    const add = await finished(
      spawn(tool('meltano', 'meltano'), ['add', 'extractor', 'tap-movidesk', '--from-ref', definition], {
        cwd: fresh,
        env,
      }),
    );
    expect(add.code, add.stderr).toBe(0);
    const discover = await finished(
      spawn(tool('meltano', 'meltano'), ['invoke', 'tap-movidesk', '--discover'], { cwd: fresh, env }),
    );
    expect(discover.code, discover.stderr.slice(-1000)).toBe(0);
    expect(
      JSON.parse(discover.stdout).streams.map((s: { tap_stream_id: string }) => s.tap_stream_id),
    ).toEqual(STREAMS.map((stream) => stream.name));
  });
});
