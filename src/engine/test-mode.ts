import type { JsonRecord } from '../streams/define.js';
import { buildPlan, planNodes } from './query/plan.js';
import { DataIssues } from './records/data-issues.js';
import type { Sink, StreamSchemaMessage } from './sink.js';
import { type SyncContext, schemaMessage } from './sync.js';

/**
 * The sink of a test run (`--test`): SCHEMA messages and at most `perStream` records of each stream,
 * like singer-sdk's test mode. No STATE and no ACTIVATE_VERSION: a test reads one page of each root stream,
 * so a STATE would claim rows that were never emitted, and an ACTIVATE_VERSION would make a target drop
 * every row the test did not send.
 */
export class TestSink implements Sink {
  /** Streams whose SCHEMA was passed on, in order. */
  readonly streams: string[] = [];
  /** Records passed on, per stream. */
  readonly counts = new Map<string, number>();

  constructor(
    private readonly inner: Sink,
    private readonly perStream: number,
  ) {}

  schema(message: StreamSchemaMessage): void {
    this.streams.push(message.stream);
    this.inner.schema(message);
  }

  record(stream: string, record: JsonRecord, extractedAt: string, version?: number): void {
    const count = this.counts.get(stream) ?? 0;
    if (count >= this.perStream) return;
    this.counts.set(stream, count + 1);
    this.inner.record(stream, record, extractedAt, version);
  }

  state(): void {}

  flush(): Promise<void> {
    return this.inner.flush();
  }
}

/**
 * `--test=schema`: the SCHEMA message of every selected stream, exactly as a sync would emit it, and no
 * request. Returns how many were emitted.
 */
export function emitSchemas(
  ctx: Pick<SyncContext, 'sink' | 'selection' | 'methods' | 'logger' | 'streams'>,
): number {
  let emitted = 0;
  for (const stream of ctx.streams) {
    if (stream.kind !== 'root') continue;
    const plan = buildPlan(stream, ctx.selection, new DataIssues(ctx.logger), ctx.streams);
    if (!plan) continue;
    const method = ctx.methods?.get(stream.name) ?? stream.replicationMethod;
    const incremental = method === 'INCREMENTAL' && stream.replicationKey !== undefined;
    for (const node of planNodes(plan).filter((candidate) => candidate.emit)) {
      ctx.sink.schema(schemaMessage(node, incremental));
      emitted += 1;
    }
  }
  return emitted;
}
