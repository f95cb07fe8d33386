import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { expectedKeys } from '../e2e/truth.js';
import { finished, PIPELINE, ROOT, SOURCE, TAP, tool, workdir, writeJson } from './helpers.js';

const TIME_SCALE = '0.01';

describe('protocol tools from PyPI', PIPELINE, () => {
  let sim: Simulator;
  const dir = workdir();
  let config: string;
  const env = { ...process.env, TAP_MOVIDESK_TIME_SCALE: TIME_SCALE };

  beforeAll(async () => {
    // The Airbyte read configures every discovered stream, ticket_merges too: an account that takes long
    // merge windows keeps its full history to a few requests (7-day windows: test/e2e/ticket-merges.test.ts).
    sim = await startSimulator({
      seed: 41,
      tickets: 200,
      timeScale: Number(TIME_SCALE),
      merges: { maxWindowDays: 0 },
    });
    config = writeJson(dir, 'config.json', { token: sim.token, base_url: sim.url });
  });
  afterAll(async () => {
    await sim?.close();
  });

  /**
   * The tap's output, validated by singer-check-tap on its stdin. (Its --tap mode reads the tap's output
   * on a thread it never joins: on a busy machine it reads the summary before that thread has written
   * it and crashes.) Returns the tap's messages and the checker's counts.
   */
  async function checkRun(args: string[]) {
    const tap = await finished(spawn(process.execPath, [TAP, ...args], { env }));
    expect(tap.code, tap.stderr.slice(-2000)).toBe(0);
    const checker = spawn(tool('singer-tools', 'singer-check-tap'), [], { env, cwd: dir });
    const checked = finished(checker);
    checker.stdin.end(tap.stdout);
    const result = await checked;
    expect(result.code, `${result.stdout}\n${result.stderr}`.slice(-3000)).toBe(0);
    expect(result.stdout).toContain('The output is valid.');
    const count = (what: string) => Number(new RegExp(`(\\d+) ${what} messages`).exec(result.stdout)?.[1]);
    const messages = tap.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; value?: unknown });
    const ofType = (type: string) => messages.filter((m) => m.type === type).length;
    // It checked every message against its stream's schema.
    expect([count('schema'), count('record'), count('state')]).toEqual([
      ofType('SCHEMA'),
      ofType('RECORD'),
      ofType('STATE'),
    ]);
    return messages;
  }

  it('singer-check-tap accepts the messages of a full run and of a second run from its last STATE', async () => {
    const first = await checkRun(['--config', config]);
    // Every row of the account, once.
    const rows = Object.values(expectedKeys(sim.truth())).reduce((sum, keys) => sum + keys.length, 0);
    expect(first.filter((m) => m.type === 'RECORD')).toHaveLength(rows);
    const state = first.filter((m) => m.type === 'STATE').at(-1)?.value;
    expect(state).toMatchObject({ bookmarks: { tickets: { replication_key: 'lastUpdate' } } });
    const statePath = writeJson(dir, 'state.json', state);
    await checkRun(['--config', config, '--state', statePath]);
  });

  it('the Airbyte protocol models parse every message of spec, check, discover and read', async () => {
    const outputs: string[] = [];
    const source = async (name: string, args: string[]) => {
      const result = await finished(spawn(process.execPath, [SOURCE, ...args], { env }));
      const path = join(dir, `${name}.jsonl`);
      writeFileSync(path, result.stdout);
      outputs.push(path);
      return result;
    };
    await source('spec', ['spec']);
    await source('check', ['check', '--config', config]);
    const discover = await source('discover', ['discover', '--config', config]);
    const catalog = JSON.parse(discover.stdout).catalog;
    // Incremental where a stream offers it, except persons: INCREMENTAL persons are read by changedDate,
    // which leaves out the persons that have none (FULL_TABLE is their default, and reads them all).
    const configured = writeJson(dir, 'configured.json', {
      streams: catalog.streams.map((stream: { name: string; supported_sync_modes: string[] }) => ({
        stream,
        sync_mode:
          stream.supported_sync_modes.includes('incremental') && !stream.name.startsWith('person')
            ? 'incremental'
            : 'full_refresh',
        destination_sync_mode: 'append',
      })),
    });
    const read = await source('read', ['read', '--config', config, '--catalog', configured]);
    expect(read.code).toBe(0);
    const badToken = writeJson(dir, 'bad.json', { token: 'not-the-token', base_url: sim.url });
    await source('check-failed', ['check', '--config', badToken]);
    await source('read-failed', ['read', '--config', badToken, '--catalog', configured]);

    const parsed = await finished(
      spawn(tool('airbyte-protocol-models', 'python'), [
        join(ROOT, 'e2e', 'parse_airbyte_messages.py'),
        ...outputs,
      ]),
    );
    expect(parsed.code, parsed.stderr).toBe(0);
    // The models parsed every line the outputs hold, type by type.
    const lines: Record<string, number> = {};
    for (const path of outputs)
      for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
        const { type } = JSON.parse(line) as { type: string };
        lines[type] = (lines[type] ?? 0) + 1;
      }
    expect(JSON.parse(parsed.stdout)).toEqual(lines);
    expect(lines).toMatchObject({ SPEC: 1, CONNECTION_STATUS: 2, CATALOG: 1 });
    // The read emitted every row of the account, once (every stream is configured, merges too).
    const rows = Object.values(expectedKeys(sim.truth(), { merges: true })).reduce(
      (sum, keys) => sum + keys.length,
      0,
    );
    expect(lines.RECORD).toBe(rows);
  });
});
