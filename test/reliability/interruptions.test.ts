import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { apiToEmitted, expectedKeys, KEY_OF } from '../e2e/truth.js';
import { recordOutcome } from './report.js';
import { prng, SIZE } from './soak.js';

const TAP = join(import.meta.dirname, '..', '..', 'bin', 'tap-movidesk.js');
const TIME_SCALE = '0.01';
const dir = mkdtempSync(join(tmpdir(), 'tap-kill-'));

interface Run {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Runs the tap; when `killAfterStates` is set, SIGKILLs it a few milliseconds after it printed that
 * many STATE lines (so kills land between pages, inside pages and across streams).
 */
function runTap(
  configPath: string,
  statePath: string | undefined,
  killAfterStates: number | undefined,
  delayMs: number,
): Promise<Run> {
  const args = [TAP, '--config', configPath, ...(statePath ? ['--state', statePath] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, TAP_MOVIDESK_TIME_SCALE: TIME_SCALE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  // Decoded as streams: a multi-byte character split between two chunks stays whole.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
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
      // A killed process may leave half a line behind: a target would reject it, so it is dropped.
      const lines = out.split('\n');
      if (!out.endsWith('\n')) lines.pop();
      resolve({ lines: lines.filter(Boolean), killed: killed && code !== 0, code, stderr });
    }),
  );
}

describe('interrupted runs (SIGKILL at random points) while the account churns', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 71,
      tickets: SIZE.tickets,
      timeScale: Number(TIME_SCALE),
      churn: { enabled: true, everyRequests: 4, batch: 2 },
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it(`survives ${SIZE.kills} kills: replayed into a key-value view, the runs equal the ground truth`, {
    // About 4 s a kill with both cores busy; the limit only catches a hang.
    timeout: SIZE.kills * 20_000,
  }, async () => {
    const random = prng(2026);
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ token: sim.token, base_url: sim.url, lookback_minutes: 0 }));
    const view = new Map<string, string>();
    /** Record versions (stream, key and body) a STATE confirmed: a resumed run must not send them again. */
    const confirmed = new Set<string>();
    /** Versions printed after a killed run's last STATE: the next run reads them again, by design. */
    const unconfirmed = new Set<string>();
    const incremental = /^(ticket|survey_responses)/;
    let duplicates = 0;
    let rereadAfterKill = 0;
    let fullTableRereads = 0;
    const killPoints = new Set<string>();
    const killsByStream: Record<string, number> = {};
    let lastState: { bookmarks: Record<string, { progress?: Record<string, unknown> }> } | undefined;
    let emitted = 0;
    let statePath: string | undefined;
    let kills = 0;
    let runs = 0;
    const replay = (lines: string[], killed: boolean) => {
      const lastStateLine = killed
        ? lines.findLastIndex((line) => line.includes('"type":"STATE"'))
        : lines.length - 1;
      lines.forEach((line, index) => {
        const m = JSON.parse(line) as { type: string; stream: string; record: JsonRecord; value: unknown };
        if (m.type === 'STATE') {
          lastState = m.value as typeof lastState;
          statePath = join(dir, `state-${runs}.json`);
          writeFileSync(statePath, JSON.stringify(m.value));
        }
        if (m.type !== 'RECORD' || !KEY_OF[m.stream]) return;
        emitted += 1;
        const key = `${m.stream}:${JSON.stringify(KEY_OF[m.stream]?.(m.record))}`;
        const body = JSON.stringify(m.record);
        const version = `${key}\n${body}`;
        if (confirmed.has(version)) {
          if (incremental.test(m.stream)) duplicates += 1;
          else fullTableRereads += 1;
        } else if (unconfirmed.has(version)) {
          rereadAfterKill += 1;
        }
        if (index < lastStateLine) confirmed.add(version);
        else unconfirmed.add(version);
        view.set(key, body);
      });
    };
    while (kills < SIZE.kills) {
      runs += 1;
      const run = await runTap(
        configPath,
        statePath,
        1 + Math.floor(random() * 20),
        Math.floor(random() * 40),
      );
      replay(run.lines, run.killed);
      // A run that ends by itself must end well: an error here would loop forever otherwise.
      if (!run.killed) expect(run.code, run.stderr).toBe(0);
      if (run.killed) {
        kills += 1;
        // Where the kill landed: the stream (and route or partition) the last STATE was in the middle of.
        // Where the kill landed: the stream of the last record the run printed, and the position
        // (progress marker) the last STATE held.
        const last = run.lines.findLast((line) => line.includes('"type":"RECORD"'));
        const stream = last ? (JSON.parse(last) as { stream: string }).stream : 'before any record';
        killsByStream[stream] = (killsByStream[stream] ?? 0) + 1;
        const open = Object.entries(lastState?.bookmarks ?? {}).find(([, b]) => b.progress);
        killPoints.add(`${stream} ${JSON.stringify(open ?? lastState)}`);
      }
    }
    // The account stops changing; one last run from the last STATE finishes the job.
    sim.setOptions({ churn: { enabled: false } });
    const last = await runTap(configPath, statePath, undefined, 0);
    expect(last.code).toBe(0);
    replay(last.lines, false);

    const truth = sim.truth();
    const expected = expectedKeys(truth);
    const lost = Object.entries(expected).reduce(
      (sum, [stream, keys]) =>
        sum + new Set(keys).size - [...new Set(keys)].filter((key) => view.has(`${stream}:${key}`)).length,
      0,
    );
    for (const [stream, keys] of Object.entries(expected)) {
      const inView = [...view.keys()]
        .filter((key) => key.startsWith(`${stream}:`))
        .map((key) => key.slice(stream.length + 1));
      expect(inView.sort(), stream).toEqual([...new Set(keys)].sort());
    }
    // Values too: every ticket's last version in the view is the current one.
    for (const ticket of truth.eachTicket() as Iterable<JsonRecord>) {
      const row = JSON.parse(view.get(`tickets:${JSON.stringify([ticket.id])}`) as string) as JsonRecord;
      expect(row.lastUpdate, `ticket ${ticket.id}`).toBe(apiToEmitted(ticket.lastUpdate));
    }
    expect(lost).toBe(0);
    // A resumed run never sends again an incremental record that the STATE it resumed from covered
    // (a page's records and its STATE are written in one chunk). Only what a killed run printed after
    // its last STATE may come again: delivery is at-least-once.
    expect(duplicates).toBe(0);
    // Kills landed at 20+ different positions, in the middle of several streams.
    expect(killPoints.size).toBeGreaterThanOrEqual(20);
    expect(Object.keys(killsByStream).length).toBeGreaterThanOrEqual(4);
    recordOutcome('interruptions', {
      kills,
      runs: runs + 1,
      churnChanges: sim.stats().churnChanges,
      recordsEmitted: emitted,
      distinctKillPoints: killPoints.size,
      killsByStream,
      recordsLost: lost,
      duplicatesAfterResume: duplicates,
      rereadAfterKill,
      fullTableRereads,
    });
  });
});
