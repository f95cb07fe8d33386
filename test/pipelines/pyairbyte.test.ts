import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GroundTruth, type Simulator, startSimulator } from '../../simulator/index.js';
import { airbyteCatalog } from '../../src/protocol/airbyte/catalog.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { expectedKeys } from '../e2e/truth.js';
import {
  expectedFor,
  finished,
  keysOf,
  ROOT,
  SOURCE,
  sameRow,
  schemaNames,
  tool,
  workdir,
  writeJson,
} from './helpers.js';

const TIME_SCALE = '0.01';
/** PyAirbyte starts slowly (it imports pandas, pyarrow, DuckDB and the CDK): a whole read gets this long. */
const READ_TIMEOUT = 240_000;

const STREAM_NAMES = airbyteCatalog(STREAMS).catalog.streams.map((stream) => stream.name);
const FULL_REFRESH_ONLY = airbyteCatalog(STREAMS)
  .catalog.streams.filter((stream) => !stream.supported_sync_modes.includes('incremental'))
  .map((stream) => stream.name);

interface StreamState {
  stream: { stream_descriptor: { name: string }; stream_state: Record<string, unknown> };
}
interface ReadOutput {
  state_in: StreamState[];
  rows: Record<string, Record<string, unknown>[]>;
  state_out: StreamState[];
}

/**
 * The keys PyAirbyte's cache must hold: everything. PyAirbyte asks for every stream incrementally, so
 * persons is read INCREMENTAL on changedDate; a person never edited (changedDate null, 1 in 20 in the
 * simulator) must still be there, with its child rows.
 */
function cacheKeys(truth: GroundTruth): Record<string, string[]> {
  expect((truth.persons as unknown as JsonRecord[]).some((p) => p.changedDate === null)).toBe(true);
  return expectedKeys(truth, { merges: true });
}

const byStream = (states: StreamState[]) =>
  Object.fromEntries(states.map((s) => [s.stream.stream_descriptor.name, s.stream.stream_state]));

describe('PyAirbyte reads source-movidesk into its local DuckDB cache', () => {
  let sim: Simulator;
  let config: string;
  let first: ReadOutput;
  const dir = workdir();
  let reads = 0;

  /** e2e/pyairbyte_read.py: one read() with PyAirbyte's defaults; the cache lives in `dir`. */
  const read = async () => {
    reads += 1;
    const output = join(dir, `read-${reads}.json`);
    const logs = join(dir, `logs-${reads}`);
    const result = await finished(
      spawn(tool('pyairbyte', 'python'), [join(ROOT, 'e2e', 'pyairbyte_read.py'), SOURCE, config, output], {
        cwd: dir,
        env: {
          ...process.env,
          // PyAirbyte runs bin/source-movidesk.js itself: `node` must be the one running this test.
          PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
          TAP_MOVIDESK_TIME_SCALE: TIME_SCALE,
          AIRBYTE_OFFLINE_MODE: '1',
          DO_NOT_TRACK: '1',
          AIRBYTE_LOGGING_ROOT: logs,
        },
      }),
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`.slice(-3000)).toBe(0);
    // PyAirbyte writes the source's LOG messages to a log file of its own, one per read.
    const log = readdirSync(logs, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.log'))
      .map((name) => readFileSync(join(logs, name), 'utf8'))
      .join('');
    return { output: JSON.parse(readFileSync(output, 'utf8')) as ReadOutput, log };
  };
  const table = (output: ReadOutput, stream: string) =>
    (output.rows[stream] ?? []).map((row) => schemaNames(stream, row));

  beforeAll(async () => {
    // PyAirbyte selects every stream, the opt-in ticket_merges too: an account that takes long merge
    // windows keeps that stream to a few requests.
    sim = await startSimulator({
      seed: 51,
      tickets: 200,
      timeScale: Number(TIME_SCALE),
      merges: { maxWindowDays: 0 },
    });
    config = writeJson(dir, 'config.json', { token: sim.token, base_url: sim.url });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it(
    'reads every stream with its default configured catalog (incremental everywhere): the cache equals the ground truth, each full_refresh-only stream read in full with one log line',
    async () => {
      const { output, log } = await read();
      first = output;
      expect(output.state_in).toEqual([]);
      expect(Object.keys(output.rows).sort()).toEqual([...STREAM_NAMES].sort());
      const truth = sim.truth();
      for (const [stream, keys] of Object.entries(cacheKeys(truth)))
        expect(keysOf(stream, table(output, stream)), stream).toEqual(expectedFor(keys));
      const tickets = new Map(table(output, 'tickets').map((row) => [row.id, row]));
      for (const ticket of truth.eachTicket() as Iterable<JsonRecord>)
        sameRow(tickets.get(ticket.id) as JsonRecord, ticket);

      expect(FULL_REFRESH_ONLY.length).toBeGreaterThan(0);
      const lines = log.split('\n').filter((line) => line.includes('supports only full_refresh'));
      expect(lines).toHaveLength(FULL_REFRESH_ONLY.length);
      for (const stream of FULL_REFRESH_ONLY) {
        expect(
          lines.filter((line) =>
            line.endsWith(
              `stream "${stream}" supports only full_refresh: reading it in full (the catalog asks for incremental)`,
            ),
          ),
          stream,
        ).toHaveLength(1);
      }
    },
    READ_TIMEOUT,
  );

  it(
    'a second read after churn, with the state PyAirbyte kept, reads only what changed and leaves the cache equal to the truth',
    async () => {
      const changes = sim.churn(20);
      sim.resetStats();
      const { output } = await read();
      // PyAirbyte passed the states the first read left in its cache.
      expect(byStream(output.state_in)).toEqual(byStream(first.state_out));
      expect(byStream(output.state_in).tickets).toMatchObject({ lastUpdate: expect.any(String) });
      // Changed tickets fit in one page: one page plus the empty page that ends /tickets; no archive scan.
      expect(sim.stats().byRoute['/tickets']).toBe(2);
      expect(sim.stats().byRoute['/tickets/past'] ?? 0).toBe(0);
      expect(
        (byStream(output.state_out).tickets?.lastUpdate as string) >
          (byStream(first.state_out).tickets?.lastUpdate as string),
      ).toBe(true);

      const truth = sim.truth();
      for (const [stream, keys] of Object.entries(cacheKeys(truth)))
        expect(keysOf(stream, table(output, stream)), stream).toEqual(expectedFor(keys));
      const tickets = new Map(table(output, 'tickets').map((row) => [row.id, row]));
      for (const change of changes.filter((c) => c.kind.startsWith('ticket'))) {
        sameRow(
          tickets.get(change.id) as JsonRecord,
          truth.ticket(change.id as number) as unknown as JsonRecord,
        );
      }
    },
    READ_TIMEOUT,
  );
});
