import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { expectedKeys } from '../e2e/truth.js';
import { finished, PIPELINE, pipeline, TAP, tool, workdir, writeJson } from './helpers.js';

const TIME_SCALE = '0.01';

describe('pipes and signals', PIPELINE, () => {
  let sim: Simulator;
  const dir = workdir();
  let config: string;
  const env = { TAP_MOVIDESK_TIME_SCALE: TIME_SCALE };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 51, tickets: 1500, timeScale: Number(TIME_SCALE) });
    config = writeJson(dir, 'config.json', { token: sim.token, base_url: sim.url });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('a large output piped into target-jsonl arrives whole (stdout flushed before exit)', async () => {
    const out = join(dir, 'jsonl');
    const targetConfig = writeJson(dir, 'target-jsonl.json', {
      destination_path: out,
      do_timestamp_file: false,
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
    const run = await pipeline(
      ['--config', config],
      [tool('target-jsonl', 'target-jsonl'), '--config', targetConfig],
      env,
    );
    expect(run.tapCode).toBe(0);
    expect(run.target.code, run.target.stderr.slice(-1000)).toBe(0);
    const lines = (stream: string) =>
      readFileSync(join(out, `${stream}.jsonl`), 'utf8')
        .trim()
        .split('\n').length;
    // One file per stream with rows, each with every row the simulator holds: nothing cut off at exit.
    const expected = expectedKeys(sim.truth());
    expect(readdirSync(out).sort()).toEqual(
      Object.keys(expected)
        .map((stream) => `${stream}.jsonl`)
        .sort(),
    );
    for (const [stream, keys] of Object.entries(expected)) expect(lines(stream), stream).toBe(keys.length);
    expect(lines('tickets')).toBe(1500);
  });

  it('ends cleanly when the consumer closes the pipe early (EPIPE)', async () => {
    // A real shell pipe, so the tap's stdout is head's stdin (not relayed through this process).
    const stderr = join(dir, 'epipe.err');
    const script = `"${process.execPath}" "${TAP}" --config "${config}" 2>"${stderr}" | head -n 1; echo "tap=\${PIPESTATUS[0]}"`;
    const result = await finished(spawn('bash', ['-c', script], { env: { ...process.env, ...env } }));
    const [first, status] = result.stdout.trim().split('\n');
    expect(JSON.parse(first as string).type).toBe('SCHEMA');
    expect(status).toBe('tap=0');
    const log = readFileSync(stderr, 'utf8');
    expect(log).toContain('stdout was closed by the consumer');
    expect(log).not.toMatch(/\n\s+at /);
    // It stopped instead of reading every page for nobody: a full sync reads 39 pages; the
    // first rate window allows 10 requests, and head exits long before that window (850 ms) ends.
    expect((log.match(/: page \d+/g) ?? []).length).toBeLessThanOrEqual(10);
  });

  it('on SIGTERM exits at once with complete lines and a valid last STATE to resume from', async () => {
    // A slow account: one request per (scaled) minute, so the run is still going when the signal comes.
    const slowConfig = writeJson(dir, 'slow.json', {
      token: sim.token,
      base_url: sim.url,
      requests_per_minute: 1,
    });
    const tap = spawn(process.execPath, [TAP, '--config', slowConfig], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    tap.stdout.setEncoding('utf8');
    const sawStates = new Promise<void>((resolve) => {
      tap.stdout.on('data', (chunk) => {
        stdout += chunk;
        if ((stdout.match(/"type":"STATE"/g) ?? []).length >= 2) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => tap.on('close', (code) => resolve(code)));
    await sawStates;
    tap.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stdout.endsWith('\n')).toBe(true);
    const messages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const state = messages.filter((m) => m.type === 'STATE').at(-1);
    expect(state.value.bookmarks.tickets.progress).toMatchObject({ route: expect.any(String) });
    const statePath = writeJson(dir, 'resume.json', state.value);
    const resumed = await finished(
      spawn(process.execPath, [TAP, '--config', config, '--state', statePath], {
        env: { ...process.env, ...env },
      }),
    );
    expect(resumed.code).toBe(0);
    const ids = new Set(
      [
        ...messages,
        ...resumed.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ]
        .filter((m) => m.type === 'RECORD' && m.stream === 'tickets')
        .map((m) => m.record.id),
    );
    expect(ids.size).toBe(1500);
  });
});
