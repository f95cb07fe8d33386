import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../simulator/index.js';
import { bindQuery, countExpandedCollections } from '../simulator/odata/bind.js';
import { TicketType } from '../simulator/schema/tickets.js';
import { buildPlan } from '../src/engine/query/plan.js';
import { DataIssues } from '../src/engine/records/data-issues.js';
import { selectAll } from '../src/engine/selection.js';
import { Logger } from '../src/logger.js';
import { Redactor } from '../src/redact.js';
import type { RootStream } from '../src/streams/define.js';
import { STREAMS } from '../src/streams/index.js';

export const ROOT = join(import.meta.dirname, '..');
export const TAP = join(ROOT, 'bin', 'tap-movidesk.js');
const DAY_MS = 86_400_000;

/** A catalog selecting the ticket stream and every ticket child stream. */
export function ticketCatalog(dir: string): string {
  const names = [
    'tickets',
    'ticket_clients',
    'ticket_actions',
    'ticket_action_time_appointments',
    'ticket_action_expenses',
    'ticket_action_attachments',
    'ticket_parent_tickets',
    'ticket_children_tickets',
    'ticket_owner_histories',
    'ticket_status_histories',
    'ticket_custom_field_values',
    'ticket_custom_field_value_items',
    'ticket_assets',
  ];
  const path = join(dir, 'tickets-catalog.json');
  writeFileSync(
    path,
    JSON.stringify({
      streams: names.map((name) => ({
        tap_stream_id: name,
        metadata: [{ breadcrumb: [], metadata: { selected: true } }],
      })),
    }),
  );
  return path;
}

export interface TapRun {
  wallMs: number;
  code: number | null;
  peakRssMb?: number;
  requests?: number;
  records: number;
  stderrTail: string;
  /** Every stderr line at info level or above (the tap's log, progress lines, metrics). */
  stderr: string;
}

/** Runs the built tap as its own process (so its memory is its own); stdout to a sink or a pipe. */
export function runTap(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdout: 'ignore' | 'count' = 'count',
): Promise<TapRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [TAP, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'],
  });
  let records = 0;
  let partial = '';
  // Decoded as streams: a multi-byte character split between two chunks stays whole.
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const text = partial + chunk;
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{"type":"RECORD"')) records += 1;
  });
  let stderr = '';
  let all = '';
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-20_000);
    if (all.length < 5_000_000) all += text;
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const metric = (name: string) => {
        const match = new RegExp(`"metric":"${name}","value":(\\d+(?:\\.\\d+)?)`).exec(stderr);
        return match ? Number(match[1]) : undefined;
      };
      resolve({
        wallMs: Date.now() - started,
        code,
        peakRssMb: metric('peak_rss_mb'),
        requests: metric('http_request_count'),
        records,
        stderrTail: stderr.slice(-1500),
        stderr: all,
      });
    }),
  );
}

/** Pages needed at `pageSize` on each route, plus the empty page that ends it. */
export function lowerBound(
  sim: Simulator,
  pageSize: number,
): { recent: number; past: number; bound: number } {
  const now = sim.now();
  let recent = 0;
  let past = 0;
  for (const head of sim.truth().ticketIndex) {
    if (now - Date.parse(`${head.lastUpdate}Z`) < 90 * DAY_MS) recent += 1;
    else past += 1;
  }
  return { recent, past, bound: Math.ceil(recent / pageSize) + 1 + Math.ceil(past / pageSize) + 1 };
}

/** The largest $top the simulator's heavy-query budget accepts for the query the tap sent. */
export function allowedTop(sim: Simulator, budget: number): number {
  const first = sim
    .stats()
    .recent.find((log) => log.path.includes('/tickets') && /(\$|%24)expand/.test(log.query));
  if (!first) throw new Error('no ticket list request logged');
  const query = new URLSearchParams(first.query);
  const bound = bindQuery(TicketType, {
    select: query.get('$select'),
    expand: query.get('$expand'),
    filter: null,
    orderby: null,
    top: '1',
    skip: null,
  });
  return Math.floor(budget / (1 + countExpandedCollections(bound)));
}

/**
 * The ideal schedule under N requests per rolling window: request k cannot start before
 * window × ⌊(k−1)/N⌋, and the last one then takes one answer time (the median of the sync's answers:
 * a full page). Compared with when the sync's requests really ran (first arrival to last answer).
 */
export function schedule(sim: Simulator, perWindow: number, windowMs: number) {
  const logs = sim.stats().recent.filter((log) => log.path.includes('/tickets'));
  const first = Date.parse(logs[0]?.at ?? '');
  const actualMs = Math.max(...logs.map((log) => Date.parse(log.at) + log.durationMs)) - first;
  const durations = logs.map((log) => log.durationMs).sort((a, b) => a - b);
  const answerMs = durations[Math.floor(durations.length / 2)] ?? 0;
  const idealMs = windowMs * Math.floor((logs.length - 1) / perWindow) + answerMs;
  return { requests: logs.length, actualMs, idealMs, ratio: actualMs / idealMs };
}

/** Row units of a full ticket page as the tap asks for it (100 rows × (1 + expanded collections)). */
export function fullPageUnits(): number {
  const streams = STREAMS.filter((stream) => stream.name.startsWith('ticket'));
  const issues = new DataIssues(new Logger('error', new Redactor(), () => undefined));
  const plan = buildPlan(streams[0] as RootStream, selectAll(streams), issues, streams);
  if (!plan) throw new Error('no ticket plan');
  const bound = bindQuery(TicketType, {
    select: plan.select.join(','),
    expand: plan.expand.join(','),
    filter: null,
    orderby: null,
    top: '1',
    skip: null,
  });
  return 100 * (1 + countExpandedCollections(bound));
}

/** Requests to the ticket routes, and how many of them were top-id probes. */
export function ticketRequests(sim: Simulator): { requests: number; probes: number } {
  const logs = sim.stats().recent.filter((log) => log.path === '/tickets' || log.path === '/tickets/past');
  return {
    requests: logs.length,
    probes: logs.filter((log) => /orderby=id(%20|\+| )desc/.test(log.query)).length,
  };
}

/** Most requests the simulator was answering at the same time (from its request log). */
export function mostInFlight(sim: Simulator): number {
  const events = sim
    .stats()
    .recent.filter((log) => log.path.startsWith('/tickets'))
    .flatMap((log) => [
      { at: Date.parse(log.at), step: 1 },
      { at: Date.parse(log.at) + log.durationMs, step: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const event of events) {
    now += event.step;
    most = Math.max(most, now);
  }
  return most;
}

/** Id ranges the ticket routes were read in (the tap logs them per route; a route without the line: 1). */
export function rangesRead(stderr: string, routes = ['/tickets', '/tickets/past']): number {
  return routes.reduce((sum, route) => {
    const match = new RegExp(`${route}: read in (\\d+) id ranges`).exec(stderr);
    return sum + (match ? Number(match[1]) : 1);
  }, 0);
}
