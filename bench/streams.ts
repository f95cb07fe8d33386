import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import type { RootStream } from '../src/streams/define.js';
import { STREAMS } from '../src/streams/index.js';
import { lowerBound, runTap } from './scenarios.js';

/** The simulator's (and Movidesk's) cap on OData list pages. */
const PAGE_CAP = 100;

/**
 * Requests per root stream of a sync of the whole catalog against the lower bound of each: pages at
 * the cap plus one empty page per keyset route, pages of a cursor endpoint (its last page says
 * `hasMore: false`), one request per partition. Child streams cost nothing: they come in `$expand`.
 */
export async function perStreamRequests(tickets: number, scale: number, dir: string) {
  const sim = await startSimulator({ seed: 85, tickets, timeScale: scale, logLimit: 1_000_000 });
  try {
    const config = join(dir, 'config-all-streams.json');
    writeFileSync(config, JSON.stringify({ token: sim.token, base_url: sim.url, requests_per_minute: 10 }));
    // No catalog: every stream and field.
    const run = await runTap(['--config', config], { TAP_MOVIDESK_TIME_SCALE: String(scale) }, 'count');
    if (run.code !== 0) throw new Error(`tap failed: ${run.stderrTail}`);
    const truth = sim.truth();
    const { byRoute, rateLimited } = sim.stats();
    const rows: Record<string, readonly object[]> = {
      persons: truth.persons,
      services: truth.services,
      activities: truth.activities,
      survey_questions: truth.surveyQuestions,
      survey_responses: truth.surveyResponses,
      time_agreements: truth.timeAgreements,
    };
    const streams = STREAMS.filter((stream): stream is RootStream => stream.kind === 'root').map((stream) => {
      const source = stream.source;
      let paths: string[];
      let bound: number;
      if (source.type === 'odata-keyset') {
        paths = source.routes.map((route) => route.path);
        bound =
          stream.name === 'tickets'
            ? lowerBound(sim, PAGE_CAP).bound
            : Math.ceil(rowsOf(rows, stream.name).length / PAGE_CAP) + paths.length;
      } else if (source.type === 'cursor') {
        paths = [source.path];
        bound = Math.max(1, Math.ceil(rowsOf(rows, stream.name).length / source.limit));
      } else if (source.type === 'date-windows') {
        paths = [source.path];
        bound = windowRequests(sim.options.merges.pageSize, source.maxDays, truth, sim.now());
      } else {
        paths = [source.path];
        // One request per distinct partition key (two contracts of one name are one request).
        const { stream: owner, key } = source.partitions;
        bound = new Set(rowsOf(rows, owner).map((row) => (row as Record<string, unknown>)[key])).size;
      }
      const requests = paths.reduce((sum, path) => sum + (byRoute[path] ?? 0), 0);
      return { stream: stream.name, routes: paths.join(' '), requests, lowerBound: bound };
    });
    const requests = streams.reduce((sum, s) => sum + s.requests, 0);
    const bound = streams.reduce((sum, s) => sum + s.lowerBound, 0);
    const other = Object.entries(byRoute).filter(
      ([path]) => !streams.some((s) => s.routes.split(' ').includes(path)),
    );
    return {
      tickets,
      records: run.records,
      streams,
      requests,
      lowerBound: bound,
      requestsVsBound: Math.round((requests / bound) * 100) / 100,
      otherRequests: Object.fromEntries(other),
      throttled: rateLimited,
    };
  } finally {
    await sim.close();
  }
}

/**
 * /tickets/merged from the oldest ticket's creation (a Brasília day, as the tap asks) to today in
 * windows of `maxDays` (the simulator refuses longer ones), one request per page of 25 merge objects,
 * at least one per window, plus the refused first window the tap tries on first contact.
 */
function windowRequests(
  pageSize: number,
  maxDays: number,
  truth: ReturnType<Awaited<ReturnType<typeof startSimulator>>['truth']>,
  now: number,
): number {
  const DAY = 86_400_000;
  let oldest = Number.POSITIVE_INFINITY;
  for (const ticket of truth.eachTicket()) oldest = Math.min(oldest, Date.parse(`${ticket.createdDate}Z`));
  const first = Math.floor((oldest - 3 * 3_600_000) / DAY) * DAY;
  const last = Math.floor(now / DAY) * DAY;
  const groups = new Map<number, string>();
  for (const merge of truth.ticketMerges) groups.set(merge.ticketId, merge.lastUpdate);
  let requests = 1;
  for (let start = first; start <= last; start += maxDays * DAY) {
    const end = start + maxDays * DAY;
    const inWindow = [...groups.values()].filter((at) => {
      const ms = Date.parse(`${at}Z`);
      return ms >= start && ms < end;
    }).length;
    requests += Math.max(1, Math.ceil(inWindow / pageSize));
  }
  return requests;
}

function rowsOf(rows: Record<string, readonly object[]>, stream: string): readonly object[] {
  const found = rows[stream];
  if (found === undefined) throw new Error(`bench: no ground-truth rows for stream ${stream}`);
  return found;
}
