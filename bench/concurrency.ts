import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { selectAll } from '../src/engine/selection.js';
import { StateManager } from '../src/engine/state.js';
import { runSync } from '../src/engine/sync.js';
import { MovideskClient } from '../src/http/client.js';
import { Logger } from '../src/logger.js';
import { Redactor } from '../src/redact.js';
import { STREAMS } from '../src/streams/index.js';
import {
  fullPageUnits,
  lowerBound,
  mostInFlight,
  rangesRead,
  runTap,
  schedule,
  ticketCatalog,
  ticketRequests,
} from './scenarios.js';

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The answer-time axis: full syncs of the ticket family by day (10 requests a minute) against a
 * simulator whose full page (100 tickets, every collection expanded) takes `answerSeconds` to answer.
 * The tap runs as its own process with its default max_concurrent_requests.
 */
export async function answerTimeRun(tickets: number, answerSeconds: number, scale: number, dir: string) {
  const sim = await startSimulator({
    seed: 81,
    tickets,
    timeScale: scale,
    logLimit: 1_000_000,
    answerMsPerRowUnit: (answerSeconds * 1000) / fullPageUnits(),
  });
  try {
    const config = join(dir, `config-answer-${answerSeconds}.json`);
    writeFileSync(config, JSON.stringify({ token: sim.token, base_url: sim.url, requests_per_minute: 10 }));
    const run = await runTap(
      ['--config', config, '--catalog', ticketCatalog(dir)],
      { TAP_MOVIDESK_TIME_SCALE: String(scale) },
      'count',
    );
    if (run.code !== 0) throw new Error(`tap failed: ${run.stderrTail}`);
    const stats = sim.stats();
    const bound = lowerBound(sim, 100).bound;
    const { requests, probes } = ticketRequests(sim);
    const ranges = rangesRead(run.stderr);
    const timing = schedule(sim, 10, 60_000 * scale);
    return {
      answerSeconds,
      tickets,
      minuteSeconds: round(60 * scale),
      records: run.records,
      requests,
      lowerBound: bound,
      probes,
      idRanges: ranges,
      // The lower bound, plus one request for each id range beyond one per route, plus the probes.
      boundWithRanges: bound + (ranges - 2) + probes,
      throttled: stats.rateLimited,
      mostInFlight: mostInFlight(sim),
      syncSeconds: round(timing.actualMs / 1000),
      idealSeconds: round(timing.idealMs / 1000),
      wallVsIdeal: round(timing.ratio),
      peakRssMb: run.peakRssMb,
    };
  } finally {
    await sim.close();
  }
}

/**
 * The night backfill: movidesk_night at 60 requests a minute, the limiter's clock at 22:00 Brasília
 * time, a full page taking 9 s. In one process (the client's clock cannot be moved from outside), so
 * the simulator and the tap share a thread: the figure also says whether the machine keeps up.
 */
export async function nightBackfill(tickets: number, answerSeconds: number, scale: number) {
  const streams = STREAMS.filter((stream) => stream.name.startsWith('ticket'));
  const sim = await startSimulator({
    seed: 84,
    tickets,
    timeScale: scale,
    logLimit: 1_000_000,
    // Movidesk lifts its limit at night; the tap's own limiter holds it to the night rate.
    rateLimit: { enabled: false },
    answerMsPerRowUnit: (answerSeconds * 1000) / fullPageUnits(),
  });
  const redactor = new Redactor();
  const lines: string[] = [];
  const logger = new Logger('info', redactor, (_level, line) => lines.push(line));
  const offset = nextBrasiliaTen() - Date.now();
  const client = new MovideskClient({
    baseUrl: sim.url,
    token: sim.token,
    requestsPerMinute: 10,
    nightRequestsPerMinute: 60,
    timeoutMs: 120_000,
    logger,
    redactor,
    timeScale: scale,
    clock: () => Date.now() + offset,
  });
  let records = 0;
  const sink = {
    schema() {},
    record() {
      records += 1;
    },
    state() {},
    activateVersion() {},
    async flush() {},
  };
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  try {
    await runSync({
      client,
      logger,
      sink,
      state: new StateManager(),
      selection: selectAll(streams),
      settings: { pageSize: 100, lookbackMinutes: 5, includeDeletedItems: true, maxConcurrentRequests: 10 },
      streams,
      now: Date.now(),
    });
  } finally {
    client.close();
  }
  const wallMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const { requests } = ticketRequests(sim);
  const timing = schedule(sim, 60, 60_000 * scale);
  const minutes = timing.actualMs / (60_000 * scale);
  await sim.close();
  return {
    tickets,
    answerSeconds,
    minuteSeconds: round(60 * scale),
    records,
    requests,
    nightRatePerMinute: 60,
    pagesPerMinute: round(requests / minutes),
    shareOfNightRate: round(requests / minutes / 60),
    mostInFlight: mostInFlight(sim),
    idRanges: rangesRead(lines.join('\n')),
    simulatedMinutes: round(minutes),
    idealMinutes: round(timing.idealMs / (60_000 * scale)),
    wallSeconds: round(wallMs / 1000),
    // Simulator and tap in this one process: the share of one core they used.
    cpuShareOfOneCore: round((cpu.user + cpu.system) / 1000 / wallMs),
  };
}

/**
 * Peak RSS of the tap (its own process) with requests in flight: at 60 requests a minute and 9 s a
 * full page it wants 9 in flight; max_concurrent_requests holds it to 1, 4 or 10.
 */
export async function memoryRun(tickets: number, maxInFlight: number, scale: number, dir: string) {
  const sim = await startSimulator({
    seed: 86,
    tickets,
    timeScale: scale,
    logLimit: 1_000_000,
    rateLimit: { requests: 60 },
    answerMsPerRowUnit: 9_000 / fullPageUnits(),
  });
  try {
    const config = join(dir, `config-memory-${tickets}-${maxInFlight}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        token: sim.token,
        base_url: sim.url,
        requests_per_minute: 60,
        max_concurrent_requests: maxInFlight,
      }),
    );
    const run = await runTap(
      ['--config', config, '--catalog', ticketCatalog(dir)],
      { TAP_MOVIDESK_TIME_SCALE: String(scale) },
      'count',
    );
    if (run.code !== 0) throw new Error(`tap failed: ${run.stderrTail}`);
    return {
      tickets,
      maxConcurrentRequests: maxInFlight,
      mostInFlight: mostInFlight(sim),
      records: run.records,
      throttled: sim.stats().rateLimited,
      peakRssMb: run.peakRssMb ?? 0,
    };
  } finally {
    await sim.close();
  }
}

/** The next 22:00 in Brasília (01:00 UTC): the limiter's clock must not run behind the real one. */
function nextBrasiliaTen(): number {
  const at = new Date();
  at.setUTCHours(1, 0, 0, 0);
  if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at.getTime();
}
