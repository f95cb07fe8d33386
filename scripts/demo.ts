/**
 * `npm run demo`: the main job end to end. Starts the bundled Movidesk simulator, then runs the real tap
 * binary: discover, a full sync, and an incremental sync with the first run's state after the simulator
 * changed some data. Everything lands in demo-output/; a summary goes to the terminal.
 *
 * `npm run demo -- --real-api` runs against the Movidesk account of TAP_MOVIDESK_TOKEN instead, and only
 * over tickets (with their child streams) changed in the last --days days; it says so before it starts.
 * Without the flag TAP_MOVIDESK_TOKEN is ignored: a token in the environment never sends the demo to a
 * real account.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_SURPRISES, type Simulator, startSimulator } from '../simulator/index.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'tap-movidesk.js');
const MOVIDESK_BASE_URL = 'https://api.movidesk.com/public/v1';
const USAGE = `usage: npm run demo [-- [--surprises | --real-api [--days N]] [--out DIR]]
  (no flag)     against the bundled Movidesk simulator: no token, no network
  --surprises   against a simulated account that differs from the documentation the way real ones do
                (a property missing, a list of plain strings, a module not contracted, numbers as text,
                null lists, timestamps with offsets); the runs still finish, and their summaries say how
  --real-api    against the Movidesk account of TAP_MOVIDESK_TOKEN (TAP_MOVIDESK_BASE_URL optional):
                tickets and their child streams changed in the last --days days (default 7), nothing else
  --out DIR     where the output goes (default demo-output/)`;

/** A mistake on the demo's command line: the usage, exit 2. */
class DemoUsageError extends Error {}

function options() {
  let values: { 'real-api'?: boolean; surprises?: boolean; days?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'real-api': { type: 'boolean' },
        surprises: { type: 'boolean' },
        days: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new DemoUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const real = values['real-api'] === true;
  if (!real && values.days !== undefined) throw new DemoUsageError('--days goes with --real-api');
  const surprises = values.surprises === true;
  if (real && surprises) throw new DemoUsageError('--surprises is for the simulator, not --real-api');
  const days = Number(values.days ?? 7);
  if (!Number.isInteger(days) || days < 1)
    throw new DemoUsageError(`--days takes a whole number of days, not "${values.days}"`);
  if (real && !process.env.TAP_MOVIDESK_TOKEN)
    throw new DemoUsageError('--real-api needs your Movidesk API token in TAP_MOVIDESK_TOKEN');
  return { real, surprises, days, out: resolve(values.out ?? join(ROOT, 'demo-output')) };
}

let OUT = join(ROOT, 'demo-output');
/** The simulator's minute lasts 1.2 s: the real 10-requests-per-minute rules, 50 times faster. */
const TIME_SCALE = 0.02;
const TICKETS = Number(process.env.DEMO_TICKETS ?? 2000);

interface RunResult {
  records: Map<string, number>;
  /** The tap's end-of-run summary lines (from its log). */
  summary: string[];
  code: number;
  requests: number | undefined;
  throttled: number | undefined;
  seconds: number;
  lastState: unknown;
}

async function tap(
  args: string[],
  stdoutFile: string,
  stderrFile: string,
  env: NodeJS.ProcessEnv,
  /** Exit codes that are an expected outcome (1: a selected stream was skipped). */
  accepted: readonly number[] = [0],
): Promise<number> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(createWriteStream(stdoutFile));
  child.stderr.pipe(createWriteStream(stderrFile));
  const code = await new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? 1)));
  if (!accepted.includes(code)) {
    const tail = readFileSync(stderrFile, 'utf8').trim().split('\n').slice(-3).join('\n');
    throw new Error(`tap-movidesk ${args.join(' ')} exited with ${code}:\n${tail}`);
  }
  return code;
}

async function sync(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  sim: Simulator | undefined,
  surprises: boolean,
): Promise<RunResult> {
  sim?.resetStats();
  const started = Date.now();
  const singer = join(OUT, `${name}.singer`);
  const log = join(OUT, `${name}.log`);
  // With the surprises, the catalog selects a stream the account cannot read: exit 1 is the outcome.
  const code = await tap(args, singer, log, env, surprises ? [0, 1] : [0]);
  const summary = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z]+ (Summary:|FAILED|SKIPPED|LEARNED|NULLED|IGNORED) /.test(line));
  // Exit 1 is expected only for the stream the surprising account cannot read, never for a failure.
  if (
    !summary.some((line) => line.includes(' Summary: ')) ||
    summary.some((line) => line.startsWith('ERROR FAILED '))
  )
    throw new Error(`the ${name} sync did not end with a clean summary; see ${log}`);
  const records = new Map<string, number>();
  let lastState: unknown;
  for (const line of readFileSync(singer, 'utf8').split('\n')) {
    if (!line) continue;
    const message = JSON.parse(line) as { type: string; stream?: string; value?: unknown };
    if (message.type === 'RECORD' && message.stream)
      records.set(message.stream, (records.get(message.stream) ?? 0) + 1);
    if (message.type === 'STATE') lastState = message.value;
  }
  writeFileSync(join(OUT, `${name}.state.json`), `${JSON.stringify(lastState, null, 2)}\n`);
  const stats = sim?.stats();
  return {
    records,
    summary,
    code,
    requests: stats?.totalRequests,
    throttled: stats?.throttled,
    seconds: (Date.now() - started) / 1000,
    lastState,
  };
}

/** The environment without any TAP_MOVIDESK_* variable, so none of the user's settings leaks into a run. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TAP_MOVIDESK_')),
  );
}

async function main(): Promise<void> {
  const { real, surprises, days, out } = options();
  OUT = out;
  const inside = relative(process.cwd(), OUT);
  const shown = inside && !inside.startsWith('..') ? inside : OUT;
  mkdirSync(OUT, { recursive: true });
  if (!real && process.env.TAP_MOVIDESK_TOKEN)
    console.log(
      'TAP_MOVIDESK_TOKEN is set but ignored: the demo runs against the bundled simulator (npm run demo -- --real-api for your Movidesk account)',
    );
  const sim = real
    ? undefined
    : await startSimulator({
        seed: 1,
        tickets: TICKETS,
        timeScale: TIME_SCALE,
        ...(surprises ? { account: ALL_SURPRISES } : {}),
      });
  // The token never goes to disk: the tap reads it from the environment. TAP_MOVIDESK_TIME_SCALE never
  // reaches a real account.
  const env: NodeJS.ProcessEnv = sim
    ? { ...cleanEnv(), TAP_MOVIDESK_TOKEN: sim.token, TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) }
    : { ...process.env, TAP_MOVIDESK_TIME_SCALE: undefined };
  const startDate = new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const config = sim
    ? { base_url: sim.url }
    : { base_url: process.env.TAP_MOVIDESK_BASE_URL || MOVIDESK_BASE_URL, start_date: startDate };
  const configPath = join(OUT, 'config.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  console.log(
    sim
      ? `Movidesk simulator: ${TICKETS} tickets at ${sim.url}, 10 requests per ${(60 * TIME_SCALE).toFixed(1)} s (time scale ${TIME_SCALE})${surprises ? `; account surprises on: ${JSON.stringify(ALL_SURPRISES)}` : ''}`
      : [
          `REAL Movidesk API at ${config.base_url}, with the token in TAP_MOVIDESK_TOKEN (--real-api).`,
          `The demo reads tickets and their child streams changed in the last ${days} days (start_date ${startDate}; --days N to change),`,
          "then once more incrementally from the first run's state. Persons, surveys, hour contracts, services and activities are not read.",
          "Each page of up to 100 changed tickets costs one request of the account's 10 a minute, shared with its other integrations.",
        ].join('\n'),
  );
  try {
    const discovered = join(OUT, 'catalog.json');
    await tap(['--config', configPath, '--discover'], discovered, join(OUT, 'discover.log'), env);
    const all = JSON.parse(readFileSync(discovered, 'utf8')) as {
      streams: {
        tap_stream_id: string;
        metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
      }[];
    };
    console.log(`discover: ${all.streams.length} streams → ${join(shown, 'catalog.json')}`);
    let catalog = discovered;
    if (!sim) {
      // Only the ticket tree: the other streams are FULL_TABLE and would read the account's whole history.
      catalog = join(OUT, 'catalog.tickets.json');
      // Opt-in streams (ticket_merges) stay out, as in a sync without a catalog.
      const streams = all.streams.filter(
        (s) =>
          (s.tap_stream_id === 'tickets' || s.tap_stream_id.startsWith('ticket_')) &&
          s.metadata.find((m) => m.breadcrumb.length === 0)?.metadata['selected-by-default'] !== false,
      );
      writeFileSync(catalog, `${JSON.stringify({ streams }, null, 2)}\n`);
      console.log(`selected: ${streams.length} ticket streams → ${join(shown, 'catalog.tickets.json')}`);
    }

    const full = await sync('full', ['--config', configPath, '--catalog', catalog], env, sim, surprises);
    // Runs share the account's budget: like a scheduler, let the first run's minute pass first.
    if (!sim) console.log("waiting a minute, so the incremental run has the account's whole budget");
    await new Promise((resolve) => setTimeout(resolve, sim ? 60_000 * TIME_SCALE + 100 : 61_000));
    const changes = sim?.churn(40) ?? [];
    if (sim)
      console.log(
        `simulator: ${changes.length} changes (updated and new tickets, persons, survey responses)`,
      );
    const incremental = await sync(
      'incremental',
      ['--config', configPath, '--catalog', catalog, '--state', join(OUT, 'full.state.json')],
      env,
      sim,
      surprises,
    );

    const names = [...new Set([...full.records.keys(), ...incremental.records.keys()])];
    const width = Math.max(...names.map((n) => n.length), 6);
    console.log(`\n${'stream'.padEnd(width)}  ${'full'.padStart(8)}  ${'incremental'.padStart(11)}`);
    for (const name of names) {
      console.log(
        `${name.padEnd(width)}  ${String(full.records.get(name) ?? 0).padStart(8)}  ${String(incremental.records.get(name) ?? 0).padStart(11)}`,
      );
    }
    for (const [label, run] of [
      ['full', full],
      ['incremental', incremental],
    ] as const) {
      const total = [...run.records.values()].reduce((a, b) => a + b, 0);
      const requests =
        run.requests === undefined ? '' : `, ${run.requests} requests (${run.throttled} throttled)`;
      console.log(`${label}: ${total} records${requests} in ${run.seconds.toFixed(1)} s, exit ${run.code}`);
    }
    for (const [label, run] of [
      ['full', full],
      ['incremental', incremental],
    ] as const) {
      console.log(`\nEnd-of-run summary of the ${label} sync (${join(shown, `${label}.log`)}):`);
      for (const line of run.summary) console.log(`  ${line}`);
    }
    console.log(
      `\nOutput: ${shown}/{catalog.json, full.singer, full.state.json, incremental.singer, incremental.state.json, *.log}`,
    );
  } finally {
    await sim?.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DemoUsageError) {
    console.error(`demo: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
