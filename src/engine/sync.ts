import { TapError } from '../errors.js';
import type { MovideskClient } from '../http/client.js';
import type { BadRequestError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { JsonRecord, ReplicationMethod, RootStream, StreamDefinition } from '../streams/define.js';
import { type JsonSchema, typesOf } from '../streams/schemas.js';
import { describeFailure, type StreamFailure, unservedFailure } from './failures.js';
import type { ProgressReporter } from './progress.js';
import { type Adjustment, describeAdjustment, learn, type ReaderLimit } from './query/adjustments.js';
import { askedProperties, buildPlan, type PlanNode, planNodes } from './query/plan.js';
import { type PartitionCache, readPages } from './readers/index.js';
import { DataIssues } from './records/data-issues.js';
import { parseInstant } from './records/datetime.js';
import { type Counts, emitTree } from './records/emit.js';
import type { Selection } from './selection.js';
import type { Sink, StreamSchemaMessage } from './sink.js';
import type { Progress, StateManager } from './state.js';

export interface SyncSettings {
  startDate?: string;
  pageSize: number;
  lookbackMinutes: number;
  includeDeletedItems: boolean;
  /** max_concurrent_requests: requests a keyset read may keep in flight when answers are slow (default 1). */
  maxConcurrentRequests?: number;
}

export interface SyncContext {
  client: MovideskClient;
  logger: Logger;
  sink: Sink;
  state: StateManager;
  selection: Selection;
  /** Whether a catalog chose the streams (a stream the account cannot read then fails the run). */
  explicitSelection?: boolean;
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

export interface SyncResult {
  /** Records emitted per stream. */
  counts: Counts;
  /** Stream trees that did not complete, in the order they were read. */
  failures: StreamFailure[];
  /** Values set to null and collections ignored because they did not fit the schema. */
  issues: DataIssues;
  /** Query adjustments learned in this run (kept in STATE for the next). */
  learned: { stream: string; property: string; adjustment: Adjustment | ReaderLimit }[];
}

/**
 * Syncs every selected stream tree, parents before children. A tree that fails (after the HTTP
 * client's retries) is reported and the run goes on with the others; only an error that ends the
 * run (token rejected, output closed) is thrown.
 */
export async function runSync(ctx: SyncContext): Promise<SyncResult> {
  const counts: Counts = new Map();
  const failures: StreamFailure[] = [];
  const issues = new DataIssues(ctx.logger);
  const learned: SyncResult['learned'] = [];
  const partitions: PartitionCache = new Map();
  logLearned(ctx);
  for (const stream of ctx.streams) {
    if (stream.kind !== 'root') continue;
    const plan = buildPlan(stream, ctx.selection, issues, ctx.streams, ctx.state.adjustments(stream.name));
    if (!plan) continue;
    const explicit = ctx.explicitSelection === true;
    if (!planNodes(plan).some((node) => node.emit)) {
      // Every selected stream of the tree comes from a collection the account does not serve.
      report(ctx, unservedFailure(stream.name, allUnserved(plan), explicit), failures);
      continue;
    }
    const knew = JSON.stringify(ctx.state.adjustments(stream.name));
    const read = { pages: 0, resumed: ctx.state.bookmark(stream.name)?.progress !== undefined };
    try {
      const final = await syncRoot(ctx, stream, plan, { counts, issues, partitions, learned, read });
      const unserved = allUnserved(final);
      if (unserved.length > 0) report(ctx, unservedFailure(stream.name, unserved, explicit), failures);
    } catch (error) {
      if (error instanceof TapError && error.endsRun) throw error;
      const streams = planNodes(plan).flatMap((node) => [
        ...(node.emit ? [node.stream.name] : []),
        ...node.unserved.map((child) => child.name),
      ]);
      // What was learned before the failure is kept; the bookmark stays at the last page read.
      if (JSON.stringify(ctx.state.adjustments(stream.name)) !== knew) {
        ctx.sink.state(ctx.state.value, stream.name);
        await ctx.sink.flush();
      }
      // A route that refuses a stream it was in the middle of reading is a failure, not a module the
      // account lacks: skipping it would leave its bookmark stalled without a word.
      const midRead = read.pages > 0 || read.resumed;
      report(ctx, describeFailure(stream.name, streams, error, explicit, midRead), failures);
      if (ctx.logger.enabled('debug') && error instanceof Error && error.stack) ctx.logger.debug(error.stack);
    }
  }
  for (const [stream, count] of counts)
    ctx.logger.metric('counter', 'record_count', count, { endpoint: stream });
  ctx.progress?.finish();
  return { counts, failures, issues, learned };
}

function allUnserved(plan: PlanNode): string[] {
  return planNodes(plan).flatMap((node) => node.unserved.map((child) => child.name));
}

function report(ctx: SyncContext, failure: StreamFailure, failures: StreamFailure[]): void {
  failures.push(failure);
  const what = failure.kind === 'skipped' ? 'skipped' : 'failed';
  const line = `${failure.streams.join(', ')} ${what}: ${failure.reason}; ${failure.fix}. The run goes on with the other streams`;
  if (failure.failsRun) ctx.logger.error(line);
  else ctx.logger.warn(line);
  ctx.sink.streamFailed?.(failure);
}

/** Adjustments kept in STATE by earlier runs, once at the start: what this run asks differently. */
function logLearned(ctx: SyncContext): void {
  for (const stream of ctx.streams) {
    const learned = Object.entries(ctx.state.adjustments(stream.name));
    if (stream.kind !== 'root' || learned.length === 0) continue;
    ctx.logger.info(
      `${stream.name}: query adjusted to this account (STATE query_adjustments, learned in earlier runs): ${learned
        .map(([property, adjustment]) => describeAdjustment(property, adjustment))
        .join('; ')}`,
    );
  }
}

interface RunShared {
  counts: Counts;
  issues: DataIssues;
  partitions: PartitionCache;
  learned: SyncResult['learned'];
  /** Pages this run read of the tree, and whether it resumed an interrupted read. */
  read: { pages: number; resumed: boolean };
}

/** Reads one root stream tree; returns the plan it ended with (adjustments learned included). */
async function syncRoot(
  ctx: SyncContext,
  stream: RootStream,
  initialPlan: PlanNode,
  { counts, issues, partitions, learned: learnedInRun, read }: RunShared,
): Promise<PlanNode> {
  const { sink, state, logger } = ctx;
  const method = ctx.methods?.get(stream.name) ?? stream.replicationMethod;
  const incremental = method === 'INCREMENTAL' && stream.replicationKey !== undefined;
  const bookmarkKey = incremental ? stream.replicationKey : undefined;
  let plan = initialPlan;
  // The API's field lists come from public docs; a real account may reject part of the query. A
  // 400 that names a property the tap asked for changes how that property is asked, and the page
  // is asked again; anything else fails this stream (see adjustments.ts for why this always ends).
  const onBadRequest = (error: BadRequestError): boolean => {
    const learned = learn(
      error.serverMessage,
      askedProperties(plan),
      state.adjustments(stream.name),
      stream.name,
    );
    const adjustments = { ...state.adjustments(stream.name) };
    for (const { path, adjustment } of learned) adjustments[path] = adjustment;
    // Only what changes the query is kept (a key, say, is never left out): anything else fails the stream.
    const next = buildPlan(stream, ctx.selection, issues, ctx.streams, adjustments);
    if (!next || JSON.stringify([next.select, next.expand]) === JSON.stringify([plan.select, plan.expand]))
      return false;
    plan = next;
    for (const { path, adjustment } of learned) {
      state.adjust(stream.name, path, adjustment);
      learnedInRun.push({ stream: stream.name, property: path, adjustment });
      logger.warn(
        `${stream.name}: Movidesk rejected the query (${error.serverMessage}); ${describeAdjustment(path, adjustment)}. Kept in STATE query_adjustments: later runs ask this way from the start`,
      );
    }
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
    sink.schema(schemaMessage(node, incremental));
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
  const needed = partitionFields(stream, ctx.streams, ctx.selection, issues);
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
    learned: {
      get: (key) => {
        const value = state.adjustments(stream.name)[key];
        return typeof value === 'number' ? value : undefined;
      },
      set: (key, value, why) => {
        state.adjust(stream.name, key, value);
        learnedInRun.push({ stream: stream.name, property: key, adjustment: value });
        // No data is lost or left out (unlike a property the account refuses): information, not a warning.
        logger.info(
          `${stream.name}: ${why}; ${describeAdjustment(key, value)}. Kept in STATE query_adjustments: later runs ask this way from the start`,
        );
      },
    },
    maxInFlight: ctx.settings.maxConcurrentRequests,
  })) {
    const target = { sink, extractedAt: new Date().toISOString(), counts, issues, version };
    for (const row of page.rows) emitTree(plan, row, undefined, target);
    if (collected && needed) collected.push(...page.rows.map((row) => pick(row, needed)));
    pages += 1;
    read.pages = pages;
    if (page.next) {
      const next: Progress = { ...windowIso, ...page.next, ...(version !== undefined ? { version } : {}) };
      state.setProgress(stream.name, bookmarkKey, next);
    } else {
      state.complete(stream.name, bookmarkKey, incremental ? windowIso.window_end : undefined);
      if (version !== undefined)
        for (const node of planNodes(plan)) if (node.emit) sink.activateVersion?.(node.stream.name, version);
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
  for (const node of planNodes(plan)) if (node.emit) sink.streamStatus?.(node.stream.name, 'COMPLETE');
  logger.info(`${stream.name}: done after ${pages} pages; ${summarise(counts)}`);
  return plan;
}

/** Fields a selected partitioned stream needs from `owner`'s rows, when this run reads all of them. */
function partitionFields(
  owner: RootStream,
  registry: readonly StreamDefinition[],
  selection: Selection,
  issues: DataIssues,
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
    if (!buildPlan(stream, selection, issues, registry)) continue;
    for (const field of [stream.source.partitions.key, ...stream.source.partitions.fields]) fields.add(field);
  }
  const selected = selection.get(owner.name);
  if (fields.size === 0 || !selected || ![...fields].every((field) => selected.has(field))) return undefined;
  return [...fields];
}

function pick(row: JsonRecord, fields: readonly string[]): JsonRecord {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}

/** A stream's SCHEMA message: its selected properties, keys, and the bookmark when read incrementally. */
export function schemaMessage(node: PlanNode, incremental: boolean): StreamSchemaMessage {
  return {
    stream: node.stream.name,
    schema: selectedSchema(node.schema, node.fields),
    keyProperties: node.stream.primaryKey,
    bookmarkProperties: incremental && node.stream.replicationKey ? [node.stream.replicationKey] : [],
  };
}

/** The SCHEMA message carries only the selected properties. */
function selectedSchema(schema: JsonSchema, fields: ReadonlySet<string>): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([field]) => fields.has(field)),
  );
  const required = (schema.required ?? []).filter((field) => fields.has(field));
  return { ...schema, properties, required, type: typesOf(schema).length ? schema.type : 'object' };
}

function summarise(counts: Counts): string {
  return [...counts].map(([stream, count]) => `${stream}=${count}`).join(' ') || 'no records yet';
}
