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
    // A sync without a catalog leaves the opt-in streams (ticket_merges) out.
    const read = STREAMS.filter(
      (stream): stream is RootStream => stream.kind === 'root' && stream.selectedByDefault !== false,
    );
    const streams = read.map((stream) => {
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
      } else if (source.type === 'partitioned') {
        paths = [source.path];
        // One request per distinct partition key (two contracts of one name are one request).
        const { stream: owner, key } = source.partitions;
        bound = new Set(rowsOf(rows, owner).map((row) => (row as Record<string, unknown>)[key])).size;
      } else {
        throw new Error(`bench: no lower bound for ${stream.name} (${source.type})`);
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

function rowsOf(rows: Record<string, readonly object[]>, stream: string): readonly object[] {
  const found = rows[stream];
  if (found === undefined) throw new Error(`bench: no ground-truth rows for stream ${stream}`);
  return found;
}
