import { ApiDataError } from '../errors.js';
import type { MovideskClient } from '../http/client.js';
import { BadRequestError, HeavyQueryError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { JsonRecord, ODataKeysetSource } from '../streams/define.js';
import { odataDateLiteral } from './datetime.js';
import { PageSizer } from './page-sizer.js';

export interface KeysetWindow {
  /** Inclusive lower bound (epoch ms); undefined reads all history. */
  start?: number;
  /** Exclusive upper bound (epoch ms): the sync's start, so rows changed during the run wait for the next. */
  end: number;
}

export interface KeysetRead {
  source: ODataKeysetSource;
  /** Current `$select`/`$expand`; asked for on every page, since a 400 may have changed them. */
  query: () => { select: string[]; expand: string[] };
  /** Lets the caller fix the query after a 400 (e.g. drop a property); true means retry the page. */
  onBadRequest?: (error: BadRequestError) => boolean;
  window: KeysetWindow;
  pageSize: number;
  includeDeletedItems: boolean;
  /** Resume point: route to start at and the last key already emitted on it. */
  resume?: { route: string; after: number | string | null };
  /** Routes holding rows older than this (epoch ms) are skipped when the window starts after it. */
  archiveBefore?: number;
}

export interface KeysetPage {
  route: string;
  rows: JsonRecord[];
  /** Last key of this page; the next page asks for keys greater than it. */
  after: number | string | null;
  /** True for the empty page that ends a route. */
  routeDone: boolean;
  /** Route that comes next when this one is done (undefined after the last). */
  nextRoute?: string;
}

/**
 * Reads an OData list route by `key gt N` keyset inside a fixed window, route after route. A page
 * shorter than `$top` is not the end (the API caps `$top` silently); only an empty page is.
 */
export async function* readKeysetPages(
  client: MovideskClient,
  read: KeysetRead,
  logger: Logger,
): AsyncGenerator<KeysetPage> {
  const { source } = read;
  const routes = source.routes
    .filter(
      (route) =>
        !route.archive ||
        read.window.start === undefined ||
        read.archiveBefore === undefined ||
        read.window.start < read.archiveBefore,
    )
    .map((route) => route.path);
  let startIndex = 0;
  if (read.resume) {
    startIndex = routes.indexOf(read.resume.route);
    if (startIndex < 0) startIndex = 0;
  }
  const sizer = new PageSizer(read.pageSize);
  for (let index = startIndex; index < routes.length; index++) {
    const route = routes[index] as string;
    let after = index === startIndex && read.resume ? read.resume.after : null;
    for (;;) {
      const { select, expand } = read.query();
      const params = {
        $select: select.join(','),
        $expand: expand.length > 0 ? expand.join(',') : undefined,
        $filter: buildFilter(source, read.window, after),
        $orderby: `${source.keyField} asc`,
        $top: sizer.size,
        includeDeletedItems: source.includeDeletedItemsParam && read.includeDeletedItems ? 'true' : undefined,
      };
      let body: unknown;
      try {
        body = await client.get(route, params);
      } catch (error) {
        if (error instanceof HeavyQueryError && sizer.shrink()) {
          logger.warn(`${error.message}; retrying the same range with $top=${sizer.size}`);
          continue;
        }
        if (error instanceof BadRequestError && read.onBadRequest?.(error)) continue;
        throw error;
      }
      sizer.succeeded();
      if (!Array.isArray(body)) {
        throw new ApiDataError(
          `Movidesk answered GET ${route} with ${describe(body)} instead of a JSON array of rows`,
        );
      }
      const rows = body as JsonRecord[];
      if (rows.length === 0) {
        yield { route, rows, after, routeDone: true, nextRoute: routes[index + 1] };
        break;
      }
      const last = checkKeys(rows, source, after, route);
      yield { route, rows, after: last, routeDone: false };
      after = last;
    }
  }
}

function buildFilter(source: ODataKeysetSource, window: KeysetWindow, after: number | string | null): string {
  const clauses: string[] = [];
  if (source.windowField) {
    if (window.start !== undefined)
      clauses.push(`${source.windowField} ge ${odataDateLiteral(window.start)}`);
    clauses.push(`${source.windowField} lt ${odataDateLiteral(window.end)}`);
  }
  if (after !== null)
    clauses.push(
      `${source.keyField} gt ${source.keyType === 'string' ? `'${String(after).replace(/'/g, "''")}'` : after}`,
    );
  return clauses.join(' and ');
}

/** Keys must rise strictly, or keyset pagination would loop or skip; returns the page's last key. */
function checkKeys(
  rows: JsonRecord[],
  source: ODataKeysetSource,
  after: number | string | null,
  route: string,
): number | string {
  let previous = after;
  for (const row of rows) {
    if (row === null || typeof row !== 'object')
      throw new ApiDataError(
        `Movidesk answered GET ${route} with a row that is not an object (${describe(row)})`,
      );
    const key = row[source.keyField];
    const valid =
      source.keyType === 'integer'
        ? typeof key === 'number' && Number.isInteger(key)
        : typeof key === 'string';
    if (!valid)
      throw new ApiDataError(
        `Movidesk answered GET ${route} with a row whose ${source.keyField} is ${JSON.stringify(key)}, expected ${source.keyType === 'integer' ? 'an integer' : 'a string'}`,
      );
    if (previous !== null && !((key as number | string) > previous)) {
      throw new ApiDataError(
        `Movidesk answered GET ${route} with ${source.keyField} ${JSON.stringify(key)} after ${JSON.stringify(previous)}: rows are not in ascending order, keyset paging would lose rows`,
      );
    }
    previous = key as number | string;
  }
  return previous as number | string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object with keys ${
      Object.keys(value as object)
        .slice(0, 5)
        .join(', ') || '(none)'
    }`;
  return `a ${typeof value}`;
}
