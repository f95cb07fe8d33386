import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { finished, ROOT, SOURCE, TAP, tool, workdir, writeJson } from './helpers.js';

const TIME_SCALE = '0.01';

/**
 * singer-check-tap, with its one race fixed: it reads the tap's stdout in a thread and takes that
 * thread's summary as soon as the tap exits, without joining it, so on a busy machine the summary of
 * the last lines can still be missing (AttributeError: 'NoneType' object has no attribute
 * 'num_messages'). Here the summary waits for the reader to finish.
 */
const CHECK_TAP = `
import sys
import singertools.check_tap as check_tap

class JoinedReader(check_tap.StdoutReader):
    @property
    def summary(self):
        if self.is_alive():
            self.join()
        return self._summary

    @summary.setter
    def summary(self, value):
        self._summary = value

check_tap.StdoutReader = JoinedReader
sys.argv[0] = 'singer-check-tap'
sys.exit(check_tap.main())
`;

describe('protocol tools from PyPI', () => {
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

  it('singer-check-tap accepts the catalog, the messages and a second run with the state', async () => {
    tool('singer-tools', 'singer-check-tap');
    const result = await finished(
      spawn(tool('singer-tools', 'python'), ['-c', CHECK_TAP, '--tap', TAP, '--config', config], {
        env,
        cwd: dir,
      }),
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`.slice(-3000)).toBe(0);
    expect(result.stdout).toContain('Now re-running tap with state produced by previous run');
    expect(result.stdout).toMatch(/The output is valid/);
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
    const configured = writeJson(dir, 'configured.json', {
      streams: catalog.streams.map((stream: { supported_sync_modes: string[] }) => ({
        stream,
        sync_mode: stream.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh',
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
    const counts = JSON.parse(parsed.stdout);
    expect(counts).toMatchObject({ SPEC: 1, CONNECTION_STATUS: 2, CATALOG: 1 });
    expect(counts.RECORD).toBeGreaterThan(1000);
    expect(counts.STATE).toBeGreaterThan(31);
    expect(counts.TRACE).toBeGreaterThan(3 * 31);
  });
});
