import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished } from '../pipelines/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = 'demo-real-token-4d1c9a77';

/** `npm run demo -- args` (after the build the test run starts with), into a fresh output directory. */
async function demo(args: string[], env: NodeJS.ProcessEnv) {
  const out = mkdtempSync(join(tmpdir(), 'tap-demo-'));
  const environment: NodeJS.ProcessEnv = { ...process.env, DEMO_TICKETS: '60', ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete environment[name];
  const result = await finished(
    spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo.ts'), ...args, '--out', out], {
      cwd: ROOT,
      env: environment,
    }),
  );
  return { ...result, out };
}

/** A local base_url nothing listens on: a demo that used it would fail. */
async function closedBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/public/v1`;
}

describe('npm run demo', () => {
  it('uses the simulator even with TAP_MOVIDESK_TOKEN set, and says it ignores the variable', async () => {
    const base = await closedBaseUrl();
    const run = await demo([], { TAP_MOVIDESK_TOKEN: TOKEN, TAP_MOVIDESK_BASE_URL: base });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^TAP_MOVIDESK_TOKEN is set but ignored: the demo runs against the bundled simulator/,
    );
    expect(run.stdout).toMatch(/\nMovidesk simulator: 60 tickets at http:\/\/127\.0\.0\.1:\d+\/public\/v1/);
    expect(run.stdout).toMatch(/\nfull: \d+ records, \d+ requests/);
    for (const file of ['catalog.json', 'full.singer', 'full.state.json', 'incremental.singer'])
      expect(existsSync(join(run.out, file)), file).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('--real-api says what it will read before it starts: tickets of the last --days days, nothing else', async () => {
    const base = await closedBaseUrl();
    const run = await demo(['--real-api', '--days', '3'], {
      TAP_MOVIDESK_TOKEN: TOKEN,
      TAP_MOVIDESK_BASE_URL: base,
    });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`REAL Movidesk API at ${base}, with the token in TAP_MOVIDESK_TOKEN (--real-api).`);
    expect(lines[1]).toMatch(
      /^The demo reads tickets and their child streams changed in the last 3 days \(start_date \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; --days N to change\),$/,
    );
    expect(lines[2]).toContain('Persons, surveys, hour contracts, services and activities are not read.');
    expect(run.stdout).toContain('selected: 13 ticket streams');
    // Nothing answers at that base_url: the first request fails at once, with the reason.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/connection refused \(ECONNREFUSED on GET \/tickets\); check base_url/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it.each([
    [
      ['--real-api'],
      { TAP_MOVIDESK_TOKEN: undefined },
      /^demo: --real-api needs your Movidesk API token in TAP_MOVIDESK_TOKEN\n/,
    ],
    [['--days', '3'], {}, /^demo: --days goes with --real-api\n/],
    [
      ['--real-api', '--days', 'many'],
      { TAP_MOVIDESK_TOKEN: TOKEN },
      /^demo: --days takes a whole number of days, not "many"\n/,
    ],
    [['--everything'], {}, /^demo: Unknown option '--everything'/],
  ])('%j: exit 2 with the usage, nothing started', async (args, env, message) => {
    const run = await demo(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('usage: npm run demo');
    expect(run.stdout).toBe('');
  });
});
