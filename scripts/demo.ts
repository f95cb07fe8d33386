/**
 * `npm run demo`: the main job end to end. Starts the bundled Movidesk simulator (unless
 * TAP_MOVIDESK_TOKEN points the run at the real API), then runs the real tap binary: discover, a
 * full sync, and an incremental sync with the first run's state after the simulator changed some
 * data. Everything lands in demo-output/; a summary goes to the terminal.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SURPRISES, type Simulator, startSimulator } from '../simulator/index.js';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'demo-output');
const BIN = join(ROOT, 'bin', 'tap-movidesk.js');
/** The simulator's minute lasts 1.2 s: the real 10-requests-per-minute rules, 50 times faster. */
const TIME_SCALE = 0.02;
const TICKETS = Number(process.env.DEMO_TICKETS ?? 2000);
/**
 * `--surprises`: the simulator differs from the documentation the way real accounts do (a property
 * missing, a collection of plain strings, a module not contracted, numbers as strings, null
 * collections, timestamps with offsets). The tap still finishes; its summary says what it skipped.
 */
const SURPRISES = process.argv.slice(2).includes('--surprises');

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
  /** Exit codes that are an expected outcome (1: a selected stream was skipped or failed). */
  accepted: readonly number[] = [0],
): Promise<number> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
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
): Promise<RunResult> {
  sim?.resetStats();
  const started = Date.now();
  const singer = join(OUT, `${name}.singer`);
  const log = join(OUT, `${name}.log`);
  // With the surprises, the catalog selects a stream the account cannot read: exit 1 is the outcome.
  const code = await tap(args, singer, log, env, SURPRISES ? [0, 1] : [0]);
  const summary = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z]+ (Summary:|FAILED|SKIPPED|LEARNED|NULLED|IGNORED) /.test(line));
  // Exit 1 is expected only for the stream the surprising account cannot read, never for a failure.
  if (
    !summary.some((line) => line.includes(' Summary: ')) ||
    summary.some((line) => line.startsWith('ERROR FAILED '))
  )
    throw new Error(`the ${name} sync did not end with a clean summary; see demo-output/${name}.log`);
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

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const realToken = process.env.TAP_MOVIDESK_TOKEN;
  const sim = realToken
    ? undefined
    : await startSimulator({
        seed: 1,
        tickets: TICKETS,
        timeScale: TIME_SCALE,
        ...(SURPRISES ? { account: ALL_SURPRISES } : {}),
      });
  // The token never goes to disk: the tap reads it from the environment.
  const env: NodeJS.ProcessEnv = sim
    ? { TAP_MOVIDESK_TOKEN: sim.token, TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) }
    : {};
  const config = sim
    ? { base_url: sim.url }
    : { base_url: process.env.TAP_MOVIDESK_BASE_URL ?? 'https://api.movidesk.com/public/v1' };
  const configPath = join(OUT, 'config.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  console.log(
    sim
      ? `Movidesk simulator: ${TICKETS} tickets at ${sim.url}, 10 requests per ${(60 * TIME_SCALE).toFixed(1)} s (time scale ${TIME_SCALE})${SURPRISES ? `; account surprises on: ${JSON.stringify(ALL_SURPRISES)}` : ''}`
      : `Real Movidesk API at ${config.base_url} (10 requests per minute: this takes a while)`,
  );
  try {
    const catalog = join(OUT, 'catalog.json');
    await tap(['--config', configPath, '--discover'], catalog, join(OUT, 'discover.log'), env);
    const streams = (JSON.parse(readFileSync(catalog, 'utf8')) as { streams: unknown[] }).streams.length;
    console.log(`discover: ${streams} streams → demo-output/catalog.json`);

    const full = await sync('full', ['--config', configPath, '--catalog', catalog], env, sim);
    // Runs share the account's budget: like a scheduler, let the first run's minute pass first.
    if (sim) await new Promise((resolve) => setTimeout(resolve, 60_000 * TIME_SCALE + 100));
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
      console.log(`\nEnd-of-run summary of the ${label} sync (demo-output/${label}.log):`);
      for (const line of run.summary) console.log(`  ${line}`);
    }
    console.log(
      '\nOutput: demo-output/{catalog.json, full.singer, full.state.json, incremental.singer, incremental.state.json, *.log}',
    );
  } finally {
    await sim?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
