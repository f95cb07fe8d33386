import type { MovideskClient } from '../http/client.js';
import type { BadRequestError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { RootStream, StreamDefinition } from '../streams/define.js';
import { type JsonSchema, typesOf } from '../streams/schemas.js';
import { parseInstant } from './datetime.js';
import { type Counts, emitTree } from './emit.js';
import { readKeysetPages } from './keyset-reader.js';
import { buildPlan, type PlanNode, planNodes } from './plan.js';
import type { Selection } from './selection.js';
import type { Sink } from './sink.js';
import type { StateManager } from './state.js';

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
  settings: SyncSettings;
  streams: readonly StreamDefinition[];
  /** The sync's start (epoch ms): the upper bound of every window and the ceiling of every bookmark. */
  now: number;
}

const DAY_MS = 86_400_000;

/** Syncs every selected stream tree, parents before children, and returns records emitted per stream. */
export async function runSync(ctx: SyncContext): Promise<Counts> {
  const counts: Counts = new Map();
  for (const stream of ctx.streams) {
    if (stream.kind !== 'root') continue;
    const plan = buildPlan(stream, ctx.selection, ctx.logger, ctx.streams);
    if (!plan) continue;
    await syncRoot(ctx, stream, plan, counts);
  }
  for (const [stream, count] of counts)
    ctx.logger.metric('counter', 'record_count', count, { endpoint: stream });
  return counts;
}

async function syncRoot(
  ctx: SyncContext,
  stream: RootStream,
  initialPlan: PlanNode,
  counts: Counts,
): Promise<void> {
  const { sink, state, logger } = ctx;
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
  const nodes = planNodes(plan);
  for (const node of nodes.filter((n) => n.emit)) {
    sink.schema({
      stream: node.stream.name,
      schema: selectedSchema(node.schema, node.fields),
      keyProperties: node.stream.primaryKey,
      bookmarkProperties: node.stream.replicationKey ? [node.stream.replicationKey] : [],
    });
    sink.streamStatus?.(node.stream.name, 'STARTED');
  }
  const source = stream.source;
  const bookmark = state.bookmark(stream.name);
  const progress = bookmark?.progress;
  const incremental = stream.replicationMethod === 'INCREMENTAL';
  let windowStart: number | undefined;
  let windowEnd = ctx.now;
  if (progress) {
    windowStart = progress.window_start ? parseInstant(progress.window_start) : undefined;
    windowEnd = parseInstant(progress.window_end) ?? ctx.now;
    logger.info(
      `${stream.name}: resuming the interrupted window on ${progress.route} after ${source.keyField} ${progress.after}`,
    );
  } else if (incremental) {
    const value = bookmark?.replication_key_value ?? ctx.settings.startDate;
    const from = value ? parseInstant(value) : undefined;
    const lookback = bookmark?.replication_key_value ? ctx.settings.lookbackMinutes * 60_000 : 0;
    windowStart = from === undefined ? undefined : from - lookback;
  }
  const archiveBefore = source.archiveAfterDays
    ? ctx.now - (source.archiveAfterDays - 1) * DAY_MS
    : undefined;
  const windowLabel = `[${windowStart === undefined ? 'beginning' : new Date(windowStart).toISOString()}, ${new Date(windowEnd).toISOString()})`;
  logger.info(`${stream.name}: reading ${stream.replicationKey ?? 'rows'} in ${windowLabel}`);

  // Rows read on a recent route near the archive boundary may move to the archive before we read
  // it; remembering them (a few at most) keeps a ticket from being emitted twice in one run.
  const nearBoundary = new Map<unknown, unknown>();
  const boundaryLimit = archiveBefore !== undefined ? archiveBefore + 2 * DAY_MS : undefined;
  const archiveRoutes = new Set(source.routes.filter((route) => route.archive).map((route) => route.path));
  let pages = 0;

  for await (const page of readKeysetPages(
    ctx.client,
    {
      source,
      query: () => ({ select: plan.select, expand: plan.expand }),
      onBadRequest,
      window: { start: windowStart, end: windowEnd },
      pageSize: ctx.settings.pageSize,
      includeDeletedItems: ctx.settings.includeDeletedItems,
      resume: progress ? { route: progress.route, after: progress.after } : undefined,
      archiveBefore,
    },
    logger,
  )) {
    const extractedAt = new Date().toISOString();
    for (const row of page.rows) {
      const key = row[source.keyField];
      const windowValue = source.windowField ? row[source.windowField] : undefined;
      if (archiveRoutes.has(page.route)) {
        if (nearBoundary.has(key) && nearBoundary.get(key) === windowValue) continue;
      } else if (boundaryLimit !== undefined && typeof windowValue === 'string') {
        const at = parseInstant(windowValue);
        if (at !== undefined && at < boundaryLimit) nearBoundary.set(key, windowValue);
      }
      emitTree(plan, row, {}, sink, extractedAt, counts);
    }
    pages += 1;
    const windowStartIso = windowStart === undefined ? null : new Date(windowStart).toISOString();
    const windowEndIso = new Date(windowEnd).toISOString();
    if (page.routeDone && page.nextRoute === undefined) {
      state.complete(stream.name, stream.replicationKey, incremental ? windowEndIso : undefined);
    } else {
      state.setProgress(stream.name, stream.replicationKey, {
        window_start: windowStartIso,
        window_end: windowEndIso,
        route: page.routeDone ? (page.nextRoute as string) : page.route,
        after: page.routeDone ? null : page.after,
      });
    }
    sink.state(state.value, stream.name);
    await sink.flush();
    if (!page.routeDone) {
      logger.info(
        `${stream.name}: page ${pages} from ${page.route}, ${page.rows.length} rows up to ${source.keyField} ${page.after}; ${summarise(counts)}`,
      );
    }
  }
  for (const node of nodes.filter((n) => n.emit)) sink.streamStatus?.(node.stream.name, 'COMPLETE');
  logger.info(`${stream.name}: done after ${pages} pages; ${summarise(counts)}`);
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
