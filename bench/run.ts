/**
 * `npm run bench`: the numbers behind README "Performance", written to bench/results.json and
 * bench/results.md. Not a test: it measures. BENCH_SIZES=10000,100000 (default) picks the data sets.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { freshDatabase, PG_USER, tool } from '../test/pipelines/helpers.js';
import { chartSvg } from './chart.js';
import { nightSchedule } from './night.js';
import { allowedTop, lowerBound, ROOT, runTap, schedule, TAP, ticketCatalog } from './scenarios.js';
import { perStreamRequests } from './streams.js';
import { throughput } from './throughput.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/** One simulated minute lasts 1.8 s: the real 10-per-minute rules, measured 33 times faster. */
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.03);
const HEAVY_BUDGET = 1000;
const dir = mkdtempSync(join(tmpdir(), 'tap-bench-'));
const catalog = ticketCatalog(dir);
const results: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  timeScale: SCALE,
};

/** Tickets synced once more at the real pace (a minute lasts a minute); 0 skips that run. */
const REALTIME_TICKETS = Number(process.env.BENCH_REALTIME_TICKETS ?? 2000);

async function syncRun(tickets: number, heavy: boolean, scale = SCALE) {
  const sim = await startSimulator({
    seed: 81,
    tickets,
    timeScale: scale,
    logLimit: 1_000_000,
    heavyQuery: { enabled: heavy, budget: HEAVY_BUDGET },
  });
  try {
    const config = join(dir, `config-${tickets}-${heavy}.json`);
    writeFileSync(config, JSON.stringify({ token: sim.token, base_url: sim.url, requests_per_minute: 10 }));
    const run = await runTap(
      ['--config', config, '--catalog', catalog],
      { TAP_MOVIDESK_TIME_SCALE: String(scale) },
      'count',
    );
    if (run.code !== 0) throw new Error(`tap failed: ${run.stderrTail}`);
    const stats = sim.stats();
    const pageSize = heavy ? allowedTop(sim, HEAVY_BUDGET) : 100;
    const bound = lowerBound(sim, pageSize);
    const requests = (stats.byRoute['/tickets'] ?? 0) + (stats.byRoute['/tickets/past'] ?? 0);
    const timing = schedule(sim, 10, 60_000 * scale);
    return {
      tickets,
      minuteSeconds: round(60 * scale),
      realPace: scale === 1 && SCALE !== 1,
      heavyQueryLimit: heavy ? `${HEAVY_BUDGET} (${pageSize} tickets a page)` : 'off',
      records: run.records,
      requests,
      lowerBound: bound.bound,
      requestsVsBound: round(requests / bound.bound),
      throttled: stats.rateLimited,
      heavyRejected: stats.heavyQueryRejected,
      syncSeconds: round(timing.actualMs / 1000),
      idealSeconds: round(timing.idealMs / 1000),
      wallVsIdeal: round(timing.ratio),
      processSeconds: round(run.wallMs / 1000),
      peakRssMb: run.peakRssMb,
    };
  } finally {
    await sim.close();
  }
}

async function pipelineRun(tickets: number) {
  const { spawn } = await import('node:child_process');
  const sim = await startSimulator({ seed: 82, tickets, rateLimit: { enabled: false } });
  const database = freshDatabase();
  try {
    const config = join(dir, 'pipe.json');
    writeFileSync(config, JSON.stringify({ token: sim.token, base_url: sim.url, requests_per_minute: 600 }));
    const env = { TAP_MOVIDESK_TIME_SCALE: '0.001' };
    const alone = await runTap(['--config', config, '--catalog', catalog], env, 'count');
    const target = join(dir, 'target.json');
    writeFileSync(
      target,
      JSON.stringify({
        sqlalchemy_url: `postgresql+psycopg://${PG_USER}@127.0.0.1:5432/${database.name}`,
        default_target_schema: 'movidesk',
      }),
    );
    const started = Date.now();
    const script = `"${process.execPath}" "${TAP}" --config "${config}" --catalog "${catalog}" 2>/dev/null | "${tool('target-postgres', 'target-postgres')}" --config "${target}" > /dev/null 2>&1`;
    // Async: the simulator answers from this process.
    await new Promise<void>((resolve, reject) =>
      spawn('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: 'ignore' }).on(
        'close',
        (code) => (code === 0 ? resolve() : reject(new Error(`tap | target-postgres exited with ${code}`))),
      ),
    );
    const piped = Date.now() - started;
    return {
      tickets,
      records: alone.records,
      tapToNullSeconds: round(alone.wallMs / 1000),
      tapRecordsPerSecond: Math.round(alone.records / (alone.wallMs / 1000)),
      tapToTargetPostgresSeconds: round(piped / 1000),
      pipelineRecordsPerSecond: Math.round(alone.records / (piped / 1000)),
    };
  } finally {
    await sim.close();
    database.drop();
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

const syncs = [];
for (const size of SIZES) {
  process.stderr.write(`bench: full sync of ${size} tickets...\n`);
  syncs.push(await syncRun(size, false));
}
process.stderr.write(`bench: full sync of ${SIZES[0]} tickets with the heavy-query limit...\n`);
syncs.push(await syncRun(SIZES[0] as number, true));
if (REALTIME_TICKETS > 0 && SCALE !== 1) {
  process.stderr.write(`bench: full sync of ${REALTIME_TICKETS} tickets at the real pace (minutes)...\n`);
  syncs.push(await syncRun(REALTIME_TICKETS, false, 1));
}
results.syncs = syncs;
process.stderr.write(`bench: every stream, ${SIZES[0]} tickets...\n`);
results.perStream = await perStreamRequests(SIZES[0] as number, SCALE, dir);
process.stderr.write('bench: processing throughput...\n');
const sim = await startSimulator({ seed: 83, tickets: Math.min(SIZES[0] as number, 10_000) });
results.processing = await throughput(sim);
await sim.close();
process.stderr.write('bench: night schedule...\n');
results.night = await nightSchedule(Math.min(SIZES[0] as number, 10_000), SCALE);
process.stderr.write('bench: tap | target-postgres...\n');
results.pipeline = await pipelineRun(Math.min(SIZES[0] as number, 10_000));
const sizes = syncs.filter((s) => s.heavyQueryLimit === 'off' && !s.realPace);
if (sizes.length >= 2)
  results.memoryGrowth = round((sizes.at(-1)?.peakRssMb ?? 0) / (sizes[0]?.peakRssMb ?? 1));

mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench', 'results.md'), markdown(results));
writeFileSync(
  join(ROOT, 'bench', 'chart.svg'),
  chartSvg(
    syncs.map((s) => ({
      label: `${s.tickets} tickets${s.heavyQueryLimit === 'off' ? '' : ', heavy limit'}${s.realPace ? ', real pace' : ''}`,
      requests: s.requests,
      bound: s.lowerBound,
      seconds: s.syncSeconds,
      ideal: s.idealSeconds,
    })),
  ),
);
process.stdout.write(markdown(results));

function markdown(r: Record<string, unknown>): string {
  const rows = (r.syncs as Awaited<ReturnType<typeof syncRun>>[]).map(
    (s) =>
      `| ${s.tickets} | ${s.heavyQueryLimit} | ${s.minuteSeconds} | ${s.records} | ${s.requests} | ${s.lowerBound} | ${s.requestsVsBound} | ${s.throttled} | ${s.syncSeconds} | ${s.idealSeconds} | ${s.wallVsIdeal} | ${s.peakRssMb} |`,
  );
  const all = r.perStream as Awaited<ReturnType<typeof perStreamRequests>>;
  const p = r.processing as Awaited<ReturnType<typeof throughput>>;
  const q = r.pipeline as Awaited<ReturnType<typeof pipelineRun>>;
  return [
    `Measured ${r.measuredAt} on Node ${(r.machine as { node: string }).node}, simulator and tap at 10 requests per (simulated) minute; a minute lasts the seconds the third column gives (60: the real pace); every ticket child stream selected.`,
    '',
    '| tickets | heavy-query limit | minute lasts s | records | ticket requests | lower bound | requests / bound | 429s | sync s | ideal s | wall / ideal | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    r.memoryGrowth !== undefined ? `Peak RSS at the largest size / at the smallest: ${r.memoryGrowth}.` : '',
    '',
    `Every stream (${all.tickets} tickets, ${all.records} records, ${all.throttled} throttled): ${all.requests} requests against a lower bound of ${all.lowerBound} (${all.requestsVsBound}).`,
    '',
    '| root stream (children in $expand) | routes | requests | lower bound |',
    '|---|---|---|---|',
    ...all.streams.map((s) => `| ${s.stream} | ${s.routes} | ${s.requests} | ${s.lowerBound} |`),
    '',
    `Processing on one core (${p.tickets} tickets, ${p.records} records, ${p.megabytes} MB of pages): tap ${p.tapRecordsPerSecond} records/s, bare JSON.parse + JSON.stringify ${p.bareRecordsPerSecond} records/s, ratio ${p.ratio}.`,
    '',
    `Night schedule (${(r.night as { tickets: number }).tickets} tickets, movidesk_night at 60 requests per minute): ${(r.night as { day: { seconds: number } }).day.seconds} s at 14:00 Brasília time, ${(r.night as { night: { seconds: number } }).night.seconds} s at 22:00, ${(r.night as { speedup: number }).speedup}× faster.`,
    '',
    `End to end (${q.tickets} tickets, ${q.records} records, no rate limit): tap > /dev/null ${q.tapToNullSeconds} s (${q.tapRecordsPerSecond} records/s); tap | target-postgres ${q.tapToTargetPostgresSeconds} s (${q.pipelineRecordsPerSecond} records/s).`,
    '',
  ].join('\n');
}
