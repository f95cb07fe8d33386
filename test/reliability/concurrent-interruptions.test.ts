import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { findStream, rootOf } from '../../src/engine/metadata.js';
import type { JsonRecord, StreamDefinition } from '../../src/streams/define.js';
import { apiToEmitted, expectedKeys, KEY_OF } from '../e2e/truth.js';
import { recordOutcome } from './report.js';
import { prng, SOAK } from './soak.js';

const TAP = join(import.meta.dirname, '..', '..', 'bin', 'tap-movidesk.js');
/** One simulated minute lasts 1.2 s; a full ticket page answers in 30 s simulated (0.6 s): 4 in flight. */
const TIME_SCALE = '0.02';
const FULL_PAGE_MS = 30_000;
const SIZE = SOAK ? { tickets: 4000, kills: 40 } : { tickets: 1500, kills: 12 };
/** The ticket family: tickets and the streams read through them (not ticket_merges, a stream of its own). */
const TICKET_STREAMS = Object.keys(KEY_OF).filter(
  (stream) => rootOf(findStream(stream) as StreamDefinition).name === 'tickets',
);
const dir = mkdtempSync(join(tmpdir(), 'tap-kill-ranges-'));

interface Run {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** Runs the tap; SIGKILLs it a few milliseconds after it printed `killAfterStates` STATE lines. */
function runTap(args: string[], killAfterStates: number | undefined, delayMs: number): Promise<Run> {
  const child = spawn(process.execPath, [TAP, ...args], {
    env: { ...process.env, TAP_MOVIDESK_TIME_SCALE: TIME_SCALE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  // Decoded as streams: a multi-byte character split between two chunks stays whole.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let states = 0;
  let killed = false;
  child.stdout.on('data', (text: string) => {
    out += text;
    states += (text.match(/"type":"STATE"/g) ?? []).length;
    if (killAfterStates !== undefined && !killed && states >= killAfterStates) {
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    }
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const lines = out.split('\n');
      if (!out.endsWith('\n')) lines.pop();
      resolve({ lines: lines.filter(Boolean), killed: killed && code !== 0, code, stderr });
    }),
  );
}

describe('interrupted runs with several id ranges in flight, while the account churns and fails', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 73,
      tickets: SIZE.tickets,
      timeScale: Number(TIME_SCALE),
      answerMsPerRowUnit: FULL_PAGE_MS / 1300,
      churn: { enabled: true, everyRequests: 4, batch: 2 },
      faults: { error5xxRate: 0.05, dropRate: 0.03 },
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it(`survives ${SIZE.kills} kills: replayed into a key-value view, the runs equal the ground truth`, {
    timeout: SIZE.kills * 20_000,
  }, async () => {
    const random = prng(4242);
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        token: sim.token,
        base_url: sim.url,
        lookback_minutes: 0,
        max_concurrent_requests: 4,
      }),
    );
    const catalog = join(dir, 'catalog.json');
    writeFileSync(
      catalog,
      JSON.stringify({
        streams: TICKET_STREAMS.map((stream) => ({
          tap_stream_id: stream,
          metadata: [{ breadcrumb: [], metadata: { selected: true } }],
        })),
      }),
    );
    let view = new Map<string, string>();
    let statePath: string | undefined;
    let lastState: { bookmarks: Record<string, { progress?: { ranges?: unknown[] } }> } | undefined;
    let runs = 0;
    let kills = 0;
    let killsWithRanges = 0;
    let killedRunsThatCut = 0;
    let emitted = 0;
    let lost = 0;
    let chains = 0;
    const replay = (lines: string[]) => {
      for (const line of lines) {
        const m = JSON.parse(line) as { type: string; stream: string; record: JsonRecord; value: unknown };
        if (m.type === 'STATE') {
          lastState = m.value as typeof lastState;
          statePath = join(dir, `state-${runs}.json`);
          writeFileSync(statePath, JSON.stringify(m.value));
        }
        if (m.type !== 'RECORD' || !KEY_OF[m.stream]) continue;
        emitted += 1;
        view.set(`${m.stream}:${JSON.stringify(KEY_OF[m.stream]?.(m.record))}`, JSON.stringify(m.record));
      }
    };
    const args = () => [
      '--config',
      config,
      '--catalog',
      catalog,
      ...(statePath ? ['--state', statePath] : []),
    ];
    /**
     * A backfill, killed and resumed until one run ends by itself, has read everything up to its window's
     * end; one more run with the account at rest catches what changed meanwhile. The view must then
     * equal the ground truth.
     */
    const verify = async () => {
      sim.setOptions({ churn: { enabled: false }, faults: { error5xxRate: 0, dropRate: 0 } });
      // A run resumed in the middle of a window finishes that window only: what changed after it is
      // read by the next run.
      for (let again = true; again; ) {
        again = lastState?.bookmarks.tickets?.progress !== undefined;
        runs += 1;
        const last = await runTap(args(), undefined, 0);
        expect(last.code, last.stderr.slice(-2000)).toBe(0);
        replay(last.lines);
      }
      const truth = sim.truth();
      const expected = expectedKeys(truth);
      for (const stream of TICKET_STREAMS) {
        const keys = [...new Set(expected[stream] ?? [])];
        const inView = [...view.keys()]
          .filter((key) => key.startsWith(`${stream}:`))
          .map((key) => key.slice(stream.length + 1));
        lost += keys.filter((key) => !view.has(`${stream}:${key}`)).length;
        expect(inView.sort(), `${stream} after backfill ${chains}`).toEqual(keys.sort());
      }
      for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
        const row = JSON.parse(view.get(`tickets:${JSON.stringify([ticket.id])}`) as string) as JsonRecord;
        expect(row.lastUpdate, `ticket ${ticket.id}`).toBe(apiToEmitted(ticket.lastUpdate));
      }
      sim.setOptions({ churn: { enabled: true }, faults: { error5xxRate: 0.05, dropRate: 0.03 } });
    };
    while (kills < SIZE.kills) {
      runs += 1;
      const run = await runTap(args(), 2 + Math.floor(random() * 14), Math.floor(random() * 40));
      replay(run.lines);
      // Every run starts from the last STATE the previous one printed: a STATE the tap cannot read would fail here.
      expect(run.stderr).not.toContain('CRITICAL');
      if (run.killed) {
        kills += 1;
        if ((lastState?.bookmarks.tickets?.progress?.ranges?.length ?? 0) > 1) killsWithRanges += 1;
        if (/id ranges read side by side/.test(run.stderr)) killedRunsThatCut += 1;
        continue;
      }
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      // The backfill is done: check it, then start another one from scratch (a new connection).
      chains += 1;
      await verify();
      view = new Map();
      statePath = undefined;
      lastState = undefined;
    }
    chains += 1;
    await verify();
    expect(lost).toBe(0);
    // The kills landed while routes were read in several id ranges, in runs that cut them themselves
    // and in runs that resumed them.
    expect(killsWithRanges).toBeGreaterThanOrEqual(Math.ceil(SIZE.kills / 4));
    expect(killedRunsThatCut).toBeGreaterThanOrEqual(2);
    const stats = sim.stats();
    recordOutcome('concurrentInterruptions', {
      kills,
      killsWithSeveralRanges: killsWithRanges,
      backfills: chains,
      runs,
      churnChanges: stats.churnChanges,
      faultsInjected: Object.values(stats.faults).reduce((a, b) => a + b, 0),
      recordsEmitted: emitted,
      recordsLost: lost,
    });
  });
});
