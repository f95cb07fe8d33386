import { ApiDataError, TapError } from '../../errors.js';
import { BadRequestError, HeavyQueryError } from '../../http/errors.js';
import type { JsonRecord, ODataKeysetSource } from '../../streams/define.js';
import { PageSizer } from '../query/page-sizer.js';
import { odataDateLiteral, parseInstant } from '../records/datetime.js';
import { InFlightController } from './in-flight.js';
import { clip, positionOf, rangesAt, splitPoints } from './ranges.js';
import { describeValue, type IdRange, type Page, type ReadContext } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Reads an OData list by `key gt N` keyset inside a fixed window, route after route. A page shorter
 * than `$top` is not the end (the API caps `$top` silently); only an empty page is. Archive routes
 * are read last and only when the window reaches back past `archiveAfterDays`.
 *
 * When answers are slow (see InFlightController), a route with integer keys is cut into id ranges read
 * side by side, one request in flight per range; pages are yielded as they come, each with the
 * position of every range (see RouteReader).
 */
export async function* readKeyset(source: ODataKeysetSource, ctx: ReadContext): AsyncGenerator<Page> {
  const archiveBefore = source.archiveAfterDays
    ? ctx.now - (source.archiveAfterDays - 1) * DAY_MS
    : undefined;
  const routes = source.routes
    .filter(
      (route) =>
        !route.archive ||
        !ctx.windowed ||
        ctx.window.start === undefined ||
        archiveBefore === undefined ||
        ctx.window.start < archiveBefore,
    )
    .map((route) => route.path);
  const archive = new Set(source.routes.filter((route) => route.archive).map((route) => route.path));
  // A row read on a recent route near the boundary may move to the archive before we read it; the
  // few such rows are remembered so none is emitted twice in one run.
  const nearBoundary = new Map<unknown, unknown>();
  const boundary = archiveBefore !== undefined ? archiveBefore + 2 * DAY_MS : undefined;
  const keep = (route: string) => (row: JsonRecord) => {
    const key = row[source.keyField];
    const when = source.windowField ? row[source.windowField] : undefined;
    if (archive.has(route)) return !(nearBoundary.has(key) && nearBoundary.get(key) === when);
    if (
      boundary !== undefined &&
      typeof when === 'string' &&
      (parseInstant(when) ?? Number.POSITIVE_INFINITY) < boundary
    ) {
      nearBoundary.set(key, when);
    }
    return true;
  };

  const resumeIndex = ctx.resume?.route ? Math.max(0, routes.indexOf(ctx.resume.route)) : 0;
  const sizer = new PageSizer(ctx.pageSize);
  const inFlight = new InFlightController(ctx.maxInFlight ?? 1, () => ctx.client.pace().spacingMs);
  for (let index = resumeIndex; index < routes.length; index++) {
    const route = routes[index] as string;
    const next = routes[index + 1];
    const reader = new RouteReader(
      source,
      ctx,
      route,
      sizer,
      inFlight,
      index === resumeIndex ? ctx.resume : undefined,
    );
    yield* reader.pages(keep(route), next ? { route: next, after: null } : undefined);
  }
}

interface Range extends IdRange {
  /** A request of this range is in flight, or its page waits to be emitted: one at a time per range. */
  busy: boolean;
  /** Rows per key of its last page (ids are far from evenly used): how many rows it has left. */
  density: number;
}

type Outcome =
  | {
      kind: 'page';
      range: Range;
      after: IdRange['after'];
      size: number;
      tried: boolean;
      query: string;
      body: unknown;
    }
  | { kind: 'failed'; range: Range; size: number; tried: boolean; query: string; error: unknown }
  | { kind: 'top'; body: unknown }
  | { kind: 'top failed'; error: unknown };

/**
 * One route of a keyset source, with up to `InFlightController.desired()` requests in flight. The
 * first range is the whole route `(after, ∞)`; once answers are slow, one request finds the top id
 * (`$orderby=id desc&$top=1` in the window) and the range with the most rows left is cut into as many
 * ranges as requests are wanted; later, whenever fewer ranges are left than requests wanted, the
 * largest one is cut again. Every request is `key gt after` without an upper bound, so cutting a range
 * never makes its request in flight wrong: its rows past the new bound are dropped and end it.
 *
 * Requests go out only while the engine asks for the next page, and a range's position moves only
 * when its page is yielded: the STATE the engine writes after a page covers exactly the pages emitted,
 * and a run killed at any moment re-reads at most the pages that were in flight.
 */
class RouteReader {
  private readonly ranges: Range[];
  private readonly outcomes: Outcome[] = [];
  private readonly controllers = new Set<AbortController>();
  private wake: (() => void) | undefined;
  private probing = false;
  /** Top key of the window on this route: unknown until probed; null when the probe found nothing usable. */
  private top: number | null | undefined;
  /** After a heavy-query 500 or a 400, one request at a time until a page comes back. */
  private cautious = false;
  /** A page asking for a size not yet known to work is in flight. */
  private trying = false;
  private rangesUsed: number;
  private mostInFlight = 1;

  constructor(
    private readonly source: ODataKeysetSource,
    private readonly ctx: ReadContext,
    private readonly route: string,
    private readonly sizer: PageSizer,
    private readonly inFlight: InFlightController,
    resume: ReadContext['resume'],
  ) {
    this.ranges = rangesAt(resume).map((range) => ({ ...range, busy: false, density: 1 }));
    this.rangesUsed = this.ranges.length;
  }

  async *pages(keep: (row: JsonRecord) => boolean, nextRoute: Page['next']): AsyncGenerator<Page> {
    try {
      for (;;) {
        this.pump();
        const outcome = await this.nextOutcome();
        if (outcome.kind === 'top' || outcome.kind === 'top failed') {
          this.probed(outcome);
          continue;
        }
        if (outcome.kind === 'failed') {
          this.failed(outcome);
          continue;
        }
        const { range } = outcome;
        const rows = this.accept(outcome).filter(keep);
        const finished = this.ranges.length === 0;
        if (finished && this.rangesUsed > 1)
          this.ctx.logger.info(
            `${this.route}: read in ${this.rangesUsed} id ranges with up to ${this.mostInFlight} requests in flight (answers took ${Math.round(this.inFlight.answerMs() ?? 0)} ms)`,
          );
        yield {
          rows,
          next: finished ? nextRoute : positionOf(this.route, this.ranges),
          label: finished
            ? `${this.route} done`
            : `${this.route} up to ${this.source.keyField} ${range.after}${this.ranges.length > 1 ? ` (${this.ranges.length} id ranges)` : ''}`,
        };
        range.busy = false;
        if (finished) return;
      }
    } finally {
      // The engine stopped early (a test run, a failed stream): what is still in flight is not needed.
      for (const controller of this.controllers) controller.abort();
    }
  }

  /** Sends requests while fewer are in flight than wanted: ranges that wait, the probe, new ranges. */
  private pump(): void {
    const pace = this.ctx.client.pace();
    const wanted = this.cautious || pace.failureStreak > 0 ? 1 : this.inFlight.desired();
    const busy = () => this.ranges.filter((range) => range.busy).length + (this.probing ? 1 : 0);
    if (wanted > this.ranges.length && this.source.keyType === 'integer') {
      if (this.top === undefined && !this.probing && busy() < wanted) this.probe();
      else if (this.top !== undefined) this.split(wanted);
    }
    for (const range of this.ranges) {
      if (busy() >= wanted) break;
      if (!range.busy) this.request(range);
    }
    this.mostInFlight = Math.max(this.mostInFlight, busy());
  }

  private request(range: Range): void {
    const { select, expand } = this.ctx.query();
    // One page at a time tries a size not known to work; the others ask for one that is.
    const untried = this.sizer.size > this.sizer.safeSize;
    const tried = untried && !this.trying;
    const size = untried && !tried ? this.sizer.safeSize : this.sizer.size;
    if (tried) this.trying = true;
    const after = range.after;
    const params = {
      $select: select.join(','),
      $expand: expand.length > 0 ? expand.join(',') : undefined,
      $filter: this.filter(after) || undefined,
      $orderby: `${this.source.keyField} asc`,
      $top: size,
      ...this.commonParams(),
    };
    const query = JSON.stringify([select, expand]);
    range.busy = true;
    this.send(
      params,
      (body) => ({ kind: 'page', range, after, size, tried, query, body }),
      (error) => ({ kind: 'failed', range, size, tried, query, error }),
      true,
    );
  }

  /** The top key of the window on this route: where the open range's span ends. */
  private probe(): void {
    this.probing = true;
    this.send(
      {
        $select: this.source.keyField,
        $filter: this.filter(null) || undefined,
        $orderby: `${this.source.keyField} desc`,
        $top: 1,
        ...this.commonParams(),
      },
      (body) => ({ kind: 'top', body }),
      (error) => ({ kind: 'top failed', error }),
      false,
    );
  }

  private send(
    params: Record<string, string | number | undefined>,
    ok: (body: unknown) => Outcome,
    failed: (error: unknown) => Outcome,
    timed: boolean,
  ): void {
    const controller = new AbortController();
    this.controllers.add(controller);
    this.ctx.client
      .get(this.route, params, {
        signal: controller.signal,
        onAnswer: timed ? (ms) => this.inFlight.observe(ms) : undefined,
      })
      .then(ok, failed)
      .then((outcome) => {
        this.controllers.delete(controller);
        if (controller.signal.aborted) return;
        this.outcomes.push(outcome);
        this.wake?.();
      });
  }

  private nextOutcome(): Promise<Outcome> {
    const ready = this.outcomes.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve(this.outcomes.shift() as Outcome);
      };
    });
  }

  private commonParams(): Record<string, string | undefined> {
    return {
      includeDeletedItems:
        this.source.includeDeletedItemsParam && this.ctx.includeDeletedItems ? 'true' : undefined,
    };
  }

  private filter(after: IdRange['after']): string {
    return buildFilter(this.source, this.ctx.windowed ? this.ctx.window : undefined, after);
  }

  /** A page came back: its rows inside the range, which moves past them (or ends). */
  private accept(outcome: Extract<Outcome, { kind: 'page' }>): JsonRecord[] {
    const { range, body, after, size, tried } = outcome;
    if (tried) this.trying = false;
    this.sizer.succeeded(size);
    this.cautious = false;
    if (!Array.isArray(body)) {
      throw new ApiDataError(
        `Movidesk answered GET ${this.route} with ${describeValue(body)} instead of a JSON array of rows`,
      );
    }
    const rows = body as JsonRecord[];
    if (rows.length > 0) checkKeys(rows, this.source, after, this.route);
    const { kept, done } = clip(rows, (row) => row[this.source.keyField] as number | string, range.up_to);
    const last = kept.at(-1)?.[this.source.keyField] as number | string | undefined;
    if (typeof last === 'number') {
      const from = typeof after === 'number' ? after : (rows[0]?.[this.source.keyField] as number) - 1;
      range.density = kept.length / Math.max(1, last - from);
    }
    if (last !== undefined) range.after = last;
    if (done) this.ranges.splice(this.ranges.indexOf(range), 1);
    return kept;
  }

  private failed(outcome: Extract<Outcome, { kind: 'failed' }>): void {
    const { range, error, size, tried, query } = outcome;
    range.busy = false;
    if (tried) this.trying = false;
    if (error instanceof HeavyQueryError && this.sizer.shrink(size)) {
      this.cautious = true;
      this.ctx.logger.warn(`${error.message}; asking for the same range with $top=${this.sizer.size}`);
      return;
    }
    if (error instanceof BadRequestError) {
      const { select, expand } = this.ctx.query();
      // Asked before the query was adjusted for another page's 400: ask again with the adjusted one.
      if (JSON.stringify([select, expand]) !== query) return;
      if (this.ctx.onBadRequest?.(error)) {
        this.cautious = true;
        return;
      }
    }
    throw error;
  }

  private probed(outcome: Extract<Outcome, { kind: 'top' | 'top failed' }>): void {
    this.probing = false;
    this.top = null;
    if (outcome.kind === 'top failed') {
      // Not needed to read the route: it is then read with the ranges it has.
      if (outcome.error instanceof TapError && outcome.error.endsRun) throw outcome.error;
      this.ctx.logger.debug(
        `${this.route}: the top ${this.source.keyField} could not be read (${String(outcome.error)}); reading without more id ranges`,
      );
      return;
    }
    const row = Array.isArray(outcome.body) ? (outcome.body[0] as JsonRecord | undefined) : undefined;
    const key = row?.[this.source.keyField];
    const top = typeof key === 'string' && /^-?\d+$/.test(key) ? Number(key) : key;
    if (typeof top === 'number' && Number.isInteger(top)) this.top = top;
  }

  /** Cuts the range with the most rows left into pieces until `wanted` ranges are open. */
  private split(wanted: number): void {
    const pageSize = this.sizer.size;
    let best: { range: Range; from: number; end: number; rows: number } | undefined;
    for (const range of this.ranges) {
      const end = range.up_to ?? this.top;
      // Before its first page the range starts at the lowest key, taken as 0: a wrong guess only
      // unbalances the ranges (later cuts even them out), every key is still read by one of them.
      const from = typeof range.after === 'number' ? range.after : range.after === null ? 0 : undefined;
      if (from === undefined || typeof end !== 'number' || end <= from) continue;
      const rows = (end - from) * range.density;
      if (!best || rows > best.rows) best = { range, from, end, rows };
    }
    // Cutting k pages' worth into k ranges of a page or less costs no request (each range's one page
    // runs into the next range and ends it); more ranges than that would.
    const pieces = best ? Math.min(wanted - this.ranges.length + 1, Math.ceil(best.rows / pageSize)) : 0;
    if (!best || pieces < 2) return;
    const { range, from, end } = best;
    const points = splitPoints(from, end, pieces);
    if (points.length === 0) return;
    const bounds = [...points, range.up_to];
    const added = bounds.slice(1).map((upTo, index) => ({
      after: points[index] as number,
      up_to: upTo,
      busy: false,
      density: range.density,
    }));
    range.up_to = points[0] as number;
    this.ranges.splice(this.ranges.indexOf(range) + 1, 0, ...added);
    this.rangesUsed += added.length;
    this.ctx.logger.info(
      `${this.route}: answers take ${Math.round(this.inFlight.answerMs() ?? 0)} ms, a request may start every ${Math.round(this.ctx.client.pace().spacingMs)} ms: ${this.ranges.length} id ranges read side by side`,
    );
  }
}

function buildFilter(
  source: ODataKeysetSource,
  window: ReadContext['window'] | undefined,
  after: number | string | null,
): string {
  const clauses: string[] = [];
  if (source.windowField && window) {
    const field = source.windowField;
    const inWindow = [
      ...(window.start !== undefined ? [`${field} ge ${odataDateLiteral(window.start)}`] : []),
      `${field} lt ${odataDateLiteral(window.end)}`,
    ].join(' and ');
    clauses.push(source.windowFieldNullable ? `(${inWindow} or ${field} eq null)` : inWindow);
  }
  if (after !== null) {
    clauses.push(
      `${source.keyField} gt ${source.keyType === 'string' ? `'${String(after).replace(/'/g, "''")}'` : after}`,
    );
  }
  return clauses.join(' and ');
}

/**
 * Keys must rise, or keyset paging would loop or skip; returns the page's last key. String keys are
 * ordered by the server's collation, which JS cannot reproduce: only a repeat is an error there.
 */
function checkKeys(
  rows: JsonRecord[],
  source: ODataKeysetSource,
  after: number | string | null,
  route: string,
): number | string {
  let previous = after;
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new ApiDataError(
        `Movidesk answered GET ${route} with a row that is ${describeValue(row)}, expected an object`,
      );
    }
    // An integer key sent as text ("123") is converted: paging compares and sends it as a number.
    if (
      source.keyType === 'integer' &&
      typeof row[source.keyField] === 'string' &&
      /^-?\d+$/.test(row[source.keyField] as string)
    )
      row[source.keyField] = Number(row[source.keyField]);
    const key = row[source.keyField];
    const valid =
      source.keyType === 'integer'
        ? typeof key === 'number' && Number.isInteger(key)
        : typeof key === 'string' && key !== '';
    if (!valid) {
      throw new ApiDataError(
        `Movidesk answered GET ${route} with a row whose ${source.keyField} is ${JSON.stringify(key)}, expected ${source.keyType === 'integer' ? 'an integer' : 'a string'}`,
      );
    }
    const ordered =
      source.keyType === 'integer'
        ? previous === null || (key as number) > (previous as number)
        : key !== previous;
    if (!ordered) {
      throw new ApiDataError(
        `Movidesk answered GET ${route} with ${source.keyField} ${JSON.stringify(key)} after ${JSON.stringify(previous)}: rows are not in ascending order, keyset paging would lose rows`,
      );
    }
    previous = key as number | string;
  }
  return previous as number | string;
}
