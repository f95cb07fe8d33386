import { Writable } from 'node:stream';
import type { Simulator } from '../simulator/index.js';
import { buildPlan, planNodes } from '../src/engine/query/plan.js';
import { DataIssues } from '../src/engine/records/data-issues.js';
import { emitTree } from '../src/engine/records/emit.js';
import { selectAll } from '../src/engine/selection.js';
import { schemaMessage } from '../src/engine/sync.js';
import { Logger } from '../src/logger.js';
import { withFlattening } from '../src/protocol/flatten.js';
import { ProtocolOutput } from '../src/protocol/output.js';
import { SingerSink } from '../src/protocol/singer.js';
import { Redactor } from '../src/redact.js';
import type { JsonRecord } from '../src/streams/define.js';
import { STREAMS } from '../src/streams/index.js';

/**
 * Processing on one core with the HTTP layer replaced by in-memory pages: parse → split into child
 * streams → conform → serialise Singer messages, against a bare JSON.parse + JSON.stringify of the
 * same pages (the practical limit). `flatteningDepth` puts the flattening step in (settings
 * flattening_enabled and flattening_max_depth).
 */
export async function throughput(sim: Simulator, rounds = 3, flatteningDepth?: number) {
  const pages: string[] = [];
  let page: JsonRecord[] = [];
  for (const ticket of sim.truth().eachTicket() as Iterable<JsonRecord>) {
    page.push(ticket);
    if (page.length === 100) {
      pages.push(JSON.stringify(page));
      page = [];
    }
  }
  if (page.length) pages.push(JSON.stringify(page));
  const bytes = pages.reduce((sum, text) => sum + text.length, 0);

  const streams = STREAMS.filter((stream) => stream.name.startsWith('ticket'));
  const logger = new Logger('error', new Redactor(), () => undefined);
  const issues = new DataIssues(logger);
  const plan = buildPlan(streams[0] as never, selectAll(streams), issues, streams);
  if (!plan) throw new Error('no plan');
  const nothing = new Writable({ write: (_chunk, _encoding, done) => done() });

  const bare = () => {
    const started = process.hrtime.bigint();
    for (const text of pages) JSON.stringify(JSON.parse(text));
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const tap = async () => {
    const output = new ProtocolOutput(nothing);
    const sink = withFlattening(new SingerSink(output), flatteningDepth);
    // As a sync does: the SCHEMA of each stream first (with flattening, that compiles its flattener).
    for (const node of planNodes(plan)) if (node.emit) sink.schema(schemaMessage(node, false));
    const counts = new Map<string, number>();
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (const text of pages) {
      const extractedAt = new Date().toISOString();
      for (const row of JSON.parse(text) as JsonRecord[])
        emitTree(plan, row, undefined, { sink, extractedAt, counts, issues });
      await sink.flush();
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    // CPU time too: on a busy machine it moves less than wall time does.
    return {
      ms,
      cpuMs: (used.user + used.system) / 1000,
      records: [...counts.values()].reduce((a, b) => a + b, 0),
    };
  };
  // Warm up, then keep the best of a few rounds of each (least disturbed by the machine).
  bare();
  await tap();
  let bestBare = Number.POSITIVE_INFINITY;
  let bestTap = { ms: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY, records: 0 };
  for (let i = 0; i < rounds; i++) {
    bestBare = Math.min(bestBare, bare());
    const run = await tap();
    if (run.ms < bestTap.ms) bestTap = run;
  }
  return {
    tickets: sim.truth().ticketIndex.length,
    pages: pages.length,
    megabytes: Math.round(bytes / 1e5) / 10,
    records: bestTap.records,
    tapMs: Math.round(bestTap.ms),
    bareMs: Math.round(bestBare),
    tapRecordsPerSecond: Math.round(bestTap.records / (bestTap.ms / 1000)),
    tapRecordsPerCpuSecond: Math.round(bestTap.records / (bestTap.cpuMs / 1000)),
    bareRecordsPerSecond: Math.round(bestTap.records / (bestBare / 1000)),
    ratio: Math.round((bestBare / bestTap.ms) * 100) / 100,
  };
}
