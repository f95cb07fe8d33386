/**
 * `npm run bench`: the numbers behind README "Performance", written to bench/results.json and
 * bench/results.md. Not a test: it measures. BENCH_SIZES=10000,100000 (default) picks the data sets.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { freshDatabase, PG_USER, tool } from '../test/pipelines/helpers.js';
import { chartSvg } from './chart.js';
import { answerTimeRun, memoryRun, nightBackfill } from './concurrency.js';
import { nightSchedule } from './night.js';
import { allowedTop, lowerBound, ROOT, runTap, schedule, TAP, ticketCatalog } from './scenarios.js';
import { perStreamRequests } from './streams.js';
import { throughput } from './throughput.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/**
 * BENCH_ONLY=answerTime,nightBackfill,memory (any of the sections below) runs those and keeps the other
 * figures of bench/results.json as they were.
 */
const ONLY = process.env.BENCH_ONLY?.split(',');
const runs = (section: string) => !ONLY || ONLY.includes(section);
/** Answer time per full page (s) of the answer-time axis, the tickets of its syncs and their time scale. */
const ANSWERS = (process.env.BENCH_ANSWERS ?? '0,3,9,20').split(',').map(Number);
const ANSWER_TICKETS = Number(process.env.BENCH_ANSWER_TICKETS ?? 20_000);
/**
 * A minute lasts 9 s: a 9 s answer takes 1.35 s, far above machine noise, and the limiter's margin
 * (1 s a minute: 150 ms) stays above the time the one-threaded simulator may take to notice a request
 * while it builds other pages (a 429 would otherwise be the simulator's artifact, not the tap's).
 */
const ANSWER_SCALE = Number(process.env.BENCH_ANSWER_SCALE ?? 0.15);
const NIGHT_TICKETS = Number(process.env.BENCH_NIGHT_TICKETS ?? 100_000);
const NIGHT_SCALE = Number(process.env.BENCH_NIGHT_SCALE ?? 0.2);
const MEMORY_SCALE = Number(process.env.BENCH_MEMORY_SCALE ?? 0.2);
const [MEMORY_SMALL, MEMORY_LARGE] = (process.env.BENCH_MEMORY_SIZES ?? '5000,100000')
  .split(',')
  .map(Number) as [number, number];
/** One simulated minute lasts 1.8 s: the real 10-per-minute rules, measured 33 times faster. */
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.03);
const HEAVY_BUDGET = 1000;
const dir = mkdtempSync(join(tmpdir(), 'tap-bench-'));
const catalog = ticketCatalog(dir);
const RESULTS = join(ROOT, 'bench', 'results.json');
const results: Record<string, unknown> = {
  ...(ONLY && existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
    : {}),
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  timeScale: SCALE,
};
const took: Record<string, number> = { ...((results.benchSeconds as Record<string, number>) ?? {}) };
async function section<T>(name: string, what: string, body: () => Promise<T>): Promise<void> {
  if (!runs(name)) return;
  process.stderr.write(`bench: ${what}...\n`);
  const started = Date.now();
  results[name] = await body();
  took[name] = Math.round((Date.now() - started) / 1000);
}

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

await section('syncs', 'full syncs (answers at once)', async () => {
  const syncs = [];
  for (const size of SIZES) syncs.push(await syncRun(size, false));
  syncs.push(await syncRun(SIZES[0] as number, true));
  if (REALTIME_TICKETS > 0 && SCALE !== 1) syncs.push(await syncRun(REALTIME_TICKETS, false, 1));
  return syncs;
});
await section('perStream', `every stream, ${SIZES[0]} tickets`, () =>
  perStreamRequests(SIZES[0] as number, SCALE, dir),
);
await section('processing', 'processing throughput', async () => {
  const sim = await startSimulator({ seed: 83, tickets: Math.min(SIZES[0] as number, 10_000) });
  try {
    return await throughput(sim);
  } finally {
    await sim.close();
  }
});
await section('night', 'night schedule', () => nightSchedule(Math.min(SIZES[0] as number, 10_000), SCALE));
await section('pipeline', 'tap | target-postgres', () => pipelineRun(Math.min(SIZES[0] as number, 10_000)));
await section(
  'answerTime',
  `answer-time axis (${ANSWERS.join(', ')} s a page, ${ANSWER_TICKETS} tickets)`,
  async () => {
    const rows = [];
    for (const answer of ANSWERS) rows.push(await answerTimeRun(ANSWER_TICKETS, answer, ANSWER_SCALE, dir));
    return rows;
  },
);
await section('nightBackfill', `night backfill (${NIGHT_TICKETS} tickets, 9 s a page)`, () =>
  nightBackfill(NIGHT_TICKETS, 9, NIGHT_SCALE),
);
await section('memory', 'peak RSS against tickets and requests in flight', async () => {
  const bySize = [
    await memoryRun(MEMORY_SMALL, 10, MEMORY_SCALE, dir),
    await memoryRun(MEMORY_LARGE, 10, MEMORY_SCALE, dir),
  ];
  const byInFlight = [
    await memoryRun(MEMORY_SMALL, 1, MEMORY_SCALE, dir),
    await memoryRun(MEMORY_SMALL, 4, MEMORY_SCALE, dir),
    bySize[0] as Awaited<ReturnType<typeof memoryRun>>,
  ];
  const low = byInFlight[0] as (typeof byInFlight)[number];
  const high = byInFlight[2] as (typeof byInFlight)[number];
  return {
    bySize,
    growthWithTickets: round((bySize[1]?.peakRssMb ?? 0) / (bySize[0]?.peakRssMb || 1)),
    byInFlight,
    mbPerExtraInFlight: round(
      (high.peakRssMb - low.peakRssMb) / Math.max(1, high.mostInFlight - low.mostInFlight),
    ),
  };
});
results.benchSeconds = took;
const syncs = (results.syncs ?? []) as Awaited<ReturnType<typeof syncRun>>[];
const sizes = syncs.filter((s) => s.heavyQueryLimit === 'off' && !s.realPace);
if (sizes.length >= 2)
  results.memoryGrowth = round((sizes.at(-1)?.peakRssMb ?? 0) / (sizes[0]?.peakRssMb ?? 1));

mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench', 'results.md'), markdown(results));
const answers = (results.answerTime ?? []) as Awaited<ReturnType<typeof answerTimeRun>>[];
writeFileSync(
  join(ROOT, 'bench', 'chart.svg'),
  chartSvg([
    ...syncs.map((s) => ({
      label: `${s.tickets} tickets${s.heavyQueryLimit === 'off' ? '' : ', heavy limit'}${s.realPace ? ', real pace' : ''}`,
      requests: s.requests,
      bound: s.lowerBound,
      seconds: s.syncSeconds,
      ideal: s.idealSeconds,
    })),
    ...answers.map((a) => ({
      label: `${a.tickets} tickets, ${a.answerSeconds} s a page`,
      requests: a.requests,
      bound: a.lowerBound,
      seconds: a.syncSeconds,
      ideal: a.idealSeconds,
    })),
  ]),
);
process.stdout.write(markdown(results));

function markdown(r: Record<string, unknown>): string {
  const rows = (r.syncs as Awaited<ReturnType<typeof syncRun>>[]).map(
    (s) =>
      `| ${s.tickets} | ${s.heavyQueryLimit} | ${s.minuteSeconds} | ${s.records} | ${s.requests} | ${s.lowerBound} | ${s.requestsVsBound} | ${s.throttled} | ${s.syncSeconds} | ${s.idealSeconds} | ${s.wallVsIdeal} | ${s.peakRssMb} |`,
  );
  const answerRows = ((r.answerTime ?? []) as Awaited<ReturnType<typeof answerTimeRun>>[]).map(
    (a) =>
      `| ${a.answerSeconds} | ${a.tickets} | ${a.minuteSeconds} | ${a.records} | ${a.requests} | ${a.lowerBound} | ${a.idRanges} | ${a.probes} | ${a.boundWithRanges} | ${a.throttled} | ${a.mostInFlight} | ${a.syncSeconds} | ${a.idealSeconds} | ${a.wallVsIdeal} | ${a.peakRssMb} |`,
  );
  const nb = r.nightBackfill as Awaited<ReturnType<typeof nightBackfill>> | undefined;
  const mem = r.memory as
    | {
        bySize: Awaited<ReturnType<typeof memoryRun>>[];
        growthWithTickets: number;
        byInFlight: Awaited<ReturnType<typeof memoryRun>>[];
        mbPerExtraInFlight: number;
      }
    | undefined;
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
    'By answer time (a full page of 100 tickets with every collection expanded takes that long; 10 requests a minute; the tap with its default max_concurrent_requests):',
    '',
    '| answer s a page | tickets | minute lasts s | records | ticket requests | lower bound | id ranges | probes | bound + extra ranges + probes | 429s | most in flight | sync s | ideal s | wall / ideal | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...answerRows,
    '',
    nb
      ? `Night backfill (${nb.tickets} tickets, ${nb.answerSeconds} s a page, movidesk_night at ${nb.nightRatePerMinute} a minute, a minute lasting ${nb.minuteSeconds} s; simulator and tap in one process): ${nb.requests} requests in ${nb.simulatedMinutes} simulated minutes (ideal ${nb.idealMinutes}), **${nb.pagesPerMinute} pages a minute, ${nb.shareOfNightRate}× the night rate**, up to ${nb.mostInFlight} in flight over ${nb.idRanges} id ranges; the process used ${nb.cpuShareOfOneCore} of a core.`
      : '',
    '',
    mem
      ? `Peak RSS with requests in flight (60 a minute, 9 s a page): ${mem.bySize.map((m) => `${m.peakRssMb} MB at ${m.tickets} tickets`).join(', ')} (${mem.growthWithTickets}× for ${Math.round((mem.bySize[1]?.tickets ?? 0) / (mem.bySize[0]?.tickets || 1))}× the tickets); ${mem.byInFlight.map((m) => `${m.peakRssMb} MB with ${m.mostInFlight} in flight`).join(', ')}: **${mem.mbPerExtraInFlight} MB per extra request in flight**.`
      : '',
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
