import type { MovideskClient } from '../http/client.js';
import type { BadRequestError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { JsonRecord, ReplicationMethod, RootStream, StreamDefinition } from '../streams/define.js';
import { type JsonSchema, typesOf } from '../streams/schemas.js';
import { parseInstant } from './datetime.js';
import { type Counts, emitTree } from './emit.js';
import { buildPlan, type PlanNode, planNodes } from './plan.js';
import type { ProgressReporter } from './progress.js';
import { type PartitionCache, readPages } from './readers/index.js';
import type { Selection } from './selection.js';
import type { Sink } from './sink.js';
import type { Progress, StateManager } from './state.js';

export interface SyncSettings {
  startDate?: string;
  pageSize: number;
  lookbackMinutes: number;
  includeDeletedItems: boolean;
}

export interface SyncContext {
  client: MovideskClient;
  logger: Logger;
  sink: Sink;
  state: StateManager;
  selection: Selection;
  /** Replication methods chosen in the catalog, where a stream allows a choice. */
  methods?: Map<string, ReplicationMethod>;
  settings: SyncSettings;
  streams: readonly StreamDefinition[];
  /** The sync's start (epoch ms): the upper bound of every window and the ceiling of every bookmark. */
  now: number;
  progress?: ProgressReporter;
  /** Test runs (--test): each root stream stops after this many pages (a partition list cut short is used as it is). */
  pageLimit?: number;
}

/** Syncs every selected stream tree, parents before children, and returns records emitted per stream. */
export async function runSync(ctx: SyncContext): Promise<Counts> {
  const counts: Counts = new Map();
  const partitions: PartitionCache = new Map();
  for (const stream of ctx.streams) {
    if (stream.kind !== 'root') continue;
    const plan = buildPlan(stream, ctx.selection, ctx.logger, ctx.streams);
    if (!plan) continue;
    await syncRoot(ctx, stream, plan, counts, partitions);
  }
  for (const [stream, count] of counts)
    ctx.logger.metric('counter', 'record_count', count, { endpoint: stream });
  ctx.progress?.finish();
  return counts;
}

async function syncRoot(
  ctx: SyncContext,
  stream: RootStream,
  initialPlan: PlanNode,
  counts: Counts,
  partitions: PartitionCache,
): Promise<void> {
  const { sink, state, logger } = ctx;
  const method = ctx.methods?.get(stream.name) ?? stream.replicationMethod;
  const incremental = method === 'INCREMENTAL' && stream.replicationKey !== undefined;
  const bookmarkKey = incremental ? stream.replicationKey : undefined;
  let plan = initialPlan;
  const unsupported = new Set<string>();
  // Field lists come from public docs; a property this account does not serve is dropped, not fatal.
  const onBadRequest = (error: BadRequestError): boolean => {
    const property = /property named '([^']+)'/i.exec(error.serverMessage)?.[1];
    if (!property || unsupported.has(property)) return false;
    unsupported.add(property);
    const next = buildPlan(stream, ctx.selection, logger, ctx.streams, unsupported);
    if (!next || JSON.stringify([next.select, next.expand]) === JSON.stringify([plan.select, plan.expand]))
      return false;
    plan = next;
    logger.warn(
      `Movidesk does not serve property "${property}" (${error.serverMessage}); it is no longer asked for and stays null in this run`,
    );
    return true;
  };

  const bookmark = state.bookmark(stream.name);
  const progress = bookmark?.progress;
  let windowStart: number | undefined;
  let windowEnd = ctx.now;
  if (progress) {
    windowStart = progress.window_start ? parseInstant(progress.window_start) : undefined;
    windowEnd = parseInstant(progress.window_end) ?? ctx.now;
    logger.info(
      `${stream.name}: resuming the interrupted run at ${JSON.stringify({ ...progress, window_start: undefined, window_end: undefined })}`,
    );
  } else if (incremental) {
    const value = bookmark?.replication_key_value ?? ctx.settings.startDate;
    const from = value ? parseInstant(value) : undefined;
    const lookback = bookmark?.replication_key_value ? ctx.settings.lookbackMinutes * 60_000 : 0;
    windowStart = from === undefined ? undefined : from - lookback;
  } else if (ctx.settings.startDate) {
    windowStart = parseInstant(ctx.settings.startDate);
  }

  // FULL_TABLE: every record carries the run's version; ACTIVATE_VERSION at the end lets targets drop
  // rows that disappeared (and at the start of a first sync, so the table exists at once).
  const version = method === 'FULL_TABLE' ? (progress?.version ?? ctx.now) : undefined;
  const nodes = planNodes(plan).filter((node) => node.emit);
  for (const node of nodes) {
    sink.schema({
      stream: node.stream.name,
      schema: selectedSchema(node.schema, node.fields),
      keyProperties: node.stream.primaryKey,
      bookmarkProperties: incremental && node.stream.replicationKey ? [node.stream.replicationKey] : [],
    });
    sink.streamStatus?.(node.stream.name, 'STARTED');
    if (version !== undefined && !bookmark) sink.activateVersion?.(node.stream.name, version);
  }
  const window = `[${windowStart === undefined ? 'beginning' : new Date(windowStart).toISOString()}, ${new Date(windowEnd).toISOString()})`;
  logger.info(
    `${stream.name}: ${method} read of ${incremental ? `${stream.replicationKey} in ${window}` : 'every row'}`,
  );

  const windowIso = {
    window_start: windowStart === undefined ? null : new Date(windowStart).toISOString(),
    window_end: new Date(windowEnd).toISOString(),
  };
  // Rows another stream is partitioned by (hour contracts) are kept, a few fields each, so that
  // stream does not list them again; only a complete read of every row can stand in for the listing.
  const needed = partitionFields(stream, ctx.streams, ctx.selection, logger);
  const collected: JsonRecord[] | undefined = needed && !progress ? [] : undefined;
  let pages = 0;
  for await (const page of readPages(stream, {
    client: ctx.client,
    logger,
    window: { start: windowStart, end: windowEnd },
    windowed: incremental,
    pageSize: ctx.settings.pageSize,
    includeDeletedItems: ctx.settings.includeDeletedItems,
    query: () => ({ select: plan.select, expand: plan.expand }),
    onBadRequest,
    resume: progress,
    now: ctx.now,
    registry: ctx.streams,
    partitions,
  })) {
    const extractedAt = new Date().toISOString();
    for (const row of page.rows) emitTree(plan, row, undefined, sink, extractedAt, counts, version);
    if (collected && needed) collected.push(...page.rows.map((row) => pick(row, needed)));
    pages += 1;
    if (page.next) {
      const next: Progress = { ...windowIso, ...page.next, ...(version !== undefined ? { version } : {}) };
      state.setProgress(stream.name, bookmarkKey, next);
    } else {
      state.complete(stream.name, bookmarkKey, incremental ? windowIso.window_end : undefined);
      if (version !== undefined) for (const node of nodes) sink.activateVersion?.(node.stream.name, version);
    }
    sink.state(state.value, stream.name);
    await sink.flush();
    logger.debug(
      `${stream.name}: page ${pages} (${page.label}), ${page.rows.length} rows; ${summarise(counts)}`,
    );
    ctx.progress?.page(stream.name, window, page.label, counts, page.next ?? {});
    if (pages === ctx.pageLimit) break;
  }
  if (collected) partitions.set(stream.name, collected);
  for (const node of nodes) sink.streamStatus?.(node.stream.name, 'COMPLETE');
  logger.info(`${stream.name}: done after ${pages} pages; ${summarise(counts)}`);
}

/** Fields a selected partitioned stream needs from `owner`'s rows, when this run reads all of them. */
function partitionFields(
  owner: RootStream,
  registry: readonly StreamDefinition[],
  selection: Selection,
  logger: Logger,
): string[] | undefined {
  const fields = new Set<string>();
  for (const stream of registry) {
    if (
      stream.kind !== 'root' ||
      stream.source.type !== 'partitioned' ||
      stream.source.partitions.stream !== owner.name
    )
      continue;
    // Selected itself or through a child: exactly when it gets a read plan.
    if (!buildPlan(stream, selection, logger, registry)) continue;
    for (const field of [stream.source.partitions.key, ...stream.source.partitions.fields]) fields.add(field);
  }
  const selected = selection.get(owner.name);
  if (fields.size === 0 || !selected || ![...fields].every((field) => selected.has(field))) return undefined;
  return [...fields];
}

function pick(row: JsonRecord, fields: readonly string[]): JsonRecord {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}

/** The SCHEMA message carries only the selected properties. */
export function selectedSchema(schema: JsonSchema, fields: ReadonlySet<string>): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([field]) => fields.has(field)),
  );
  const required = (schema.required ?? []).filter((field) => fields.has(field));
  return { ...schema, properties, required, type: typesOf(schema).length ? schema.type : 'object' };
}

function summarise(counts: Counts): string {
  return [...counts].map(([stream, count]) => `${stream}=${count}`).join(' ') || 'no records yet';
}
