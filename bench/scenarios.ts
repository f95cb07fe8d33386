import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../simulator/index.js';
import { bindQuery, countExpandedCollections } from '../simulator/odata/bind.js';
import { TicketType } from '../simulator/schema/tickets.js';

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
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{"type":"RECORD"')) records += 1;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
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
 * window × ⌊(k−1)/N⌋. Compared with when the sync's requests really ran (first arrival to last answer).
 */
export function schedule(sim: Simulator, perWindow: number, windowMs: number) {
  const logs = sim.stats().recent.filter((log) => log.path.includes('/tickets'));
  const first = Date.parse(logs[0]?.at ?? '');
  const last = logs.at(-1);
  const actualMs = Date.parse(last?.at ?? '') + (last?.durationMs ?? 0) - first;
  const meanMs = logs.reduce((sum, log) => sum + log.durationMs, 0) / Math.max(1, logs.length);
  const idealMs = windowMs * Math.floor((logs.length - 1) / perWindow) + meanMs;
  return { requests: logs.length, actualMs, idealMs, ratio: actualMs / idealMs };
}
