import { ApiDataError } from '../../errors.js';
import { BadRequestError, HeavyQueryError } from '../../http/errors.js';
import type { JsonRecord, ODataKeysetSource } from '../../streams/define.js';
import { PageSizer } from '../query/page-sizer.js';
import { odataDateLiteral, parseInstant } from '../records/datetime.js';
import { describeValue, type Page, type ReadContext } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Reads an OData list by `key gt N` keyset inside a fixed window, route after route. A page shorter
 * than `$top` is not the end (the API caps `$top` silently); only an empty page is. Archive routes
 * are read last and only when the window reaches back past `archiveAfterDays`.
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

  const resumeIndex = ctx.resume?.route ? Math.max(0, routes.indexOf(ctx.resume.route)) : 0;
  const sizer = new PageSizer(ctx.pageSize);
  for (let index = resumeIndex; index < routes.length; index++) {
    const route = routes[index] as string;
    let after = index === resumeIndex ? (ctx.resume?.after ?? null) : null;
    for (;;) {
      const { select, expand } = ctx.query();
      const params = {
        $select: select.join(','),
        $expand: expand.length > 0 ? expand.join(',') : undefined,
        $filter: buildFilter(source, ctx.windowed ? ctx.window : undefined, after) || undefined,
        $orderby: `${source.keyField} asc`,
        $top: sizer.size,
        includeDeletedItems: source.includeDeletedItemsParam && ctx.includeDeletedItems ? 'true' : undefined,
      };
      let body: unknown;
      try {
        body = await ctx.client.get(route, params);
      } catch (error) {
        if (error instanceof HeavyQueryError && sizer.shrink()) {
          ctx.logger.warn(`${error.message}; asking for the same range with $top=${sizer.size}`);
          continue;
        }
        if (error instanceof BadRequestError && ctx.onBadRequest?.(error)) continue;
        throw error;
      }
      sizer.succeeded();
      if (!Array.isArray(body)) {
        throw new ApiDataError(
          `Movidesk answered GET ${route} with ${describeValue(body)} instead of a JSON array of rows`,
        );
      }
      if (body.length === 0) {
        const next = routes[index + 1];
        yield { rows: [], next: next ? { route: next, after: null } : undefined, label: `${route} done` };
        break;
      }
      const last = checkKeys(body as JsonRecord[], source, after, route);
      const rows = (body as JsonRecord[]).filter((row) => {
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
      });
      yield { rows, next: { route, after: last }, label: `${route} up to ${source.keyField} ${last}` };
      after = last;
    }
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
