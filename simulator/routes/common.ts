/** Request/response types shared by the route handlers, which are pure functions of the data. */
import type { DataStore } from '../data/store.js';
import { accountType } from '../odata/account.js';
import { type BoundQuery, bindQuery, countExpandedCollections, type RawOptions } from '../odata/bind.js';
import { type EntityType, INVALID_QUERY, ODataError } from '../odata/model.js';
import type { SimulatorOptions } from '../options.js';

export interface ApiRequest {
  /** Path below /public/v1, e.g. `/tickets/past`. */
  path: string;
  query: URLSearchParams;
  nowMs: number;
}

export interface ApiResponse {
  status: number;
  /** JSON body; omitted when `text` is set or the body is empty. */
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Set when the answer is the heavy-query rejection (for stats). */
  heavyQuery?: boolean;
  /** Rows x (1 + expanded collections) of a list answer: what its answer time grows with. */
  rowUnits?: number;
}

export interface RouteEnv {
  store: DataStore;
  opts: SimulatorOptions;
}

export type Handler = (req: ApiRequest, env: RouteEnv) => ApiResponse;

export const json = (status: number, body: unknown): ApiResponse => ({ status, body });
export const message = (status: number, text: string): ApiResponse => json(status, { Message: text });
export const notFound = (what: string): ApiResponse => message(404, `${what} not found.`);

/** The body ASP.NET returns for unhandled exceptions; S-ERR quotes this text for heavy queries. */
export const GENERIC_ERROR = 'An error has occurred.';

const SYSTEM_OPTIONS = new Set(['$select', '$expand', '$filter', '$orderby', '$top', '$skip']);

/** Reads the OData system options; any other `$` option (e.g. `$count`) is rejected. */
export function readOptions(query: URLSearchParams): RawOptions {
  for (const key of query.keys()) {
    if (key.startsWith('$') && !SYSTEM_OPTIONS.has(key)) {
      throw new ODataError(`${INVALID_QUERY} The query parameter '${key}' is not supported.`);
    }
  }
  return {
    select: query.get('$select'),
    expand: query.get('$expand'),
    filter: query.get('$filter'),
    orderby: query.get('$orderby'),
    top: query.get('$top'),
    skip: query.get('$skip'),
  };
}

export function selectRequired(): ApiResponse {
  return message(400, `${INVALID_QUERY} The $select query option is required for this resource.`);
}

/** Thrown when a list query exceeds the heavy-query budget; answered like S-ERR's generic error. */
export class HeavyQueryError extends Error {}

/** A 200 list answer, with the row units its answer time grows with. */
export function listAnswer(rows: unknown[], q: BoundQuery | undefined): ApiResponse {
  return { status: 200, body: rows, rowUnits: rows.length * (1 + (q ? countExpandedCollections(q) : 0)) };
}

export function effectiveTop(q: BoundQuery, maxTop: number): number {
  return q.top === null ? maxTop : Math.min(q.top, maxTop);
}

export function bindList(type: EntityType, raw: RawOptions, env: RouteEnv): BoundQuery {
  const q = bindQuery(accountType(type, env.opts.account), raw);
  const { heavyQuery, maxTop } = env.opts;
  if (heavyQuery.enabled) {
    const cost = effectiveTop(q, maxTop) * (1 + countExpandedCollections(q));
    if (cost > heavyQuery.budget) throw new HeavyQueryError(`cost ${cost} > ${heavyQuery.budget}`);
  }
  return q;
}

export function parseBoolParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return false;
  const lower = raw.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new ODataError(`The request is invalid. The value '${raw}' is not valid for ${name}.`);
}

export function parseIntParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  if (!/^-?\d+$/.test(raw.trim()))
    throw new ODataError(`The request is invalid. The value '${raw}' is not valid for ${name}.`);
  return Number(raw);
}
