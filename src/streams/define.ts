/**
 * A stream is data: which API collection it comes from, its keys and how its pages are read. The
 * sync engine interprets these declarations; nothing here performs I/O.
 */

export type JsonRecord = Record<string, unknown>;

/** OData list endpoint read by `id gt N` keyset pages inside a fixed time window. */
export interface ODataKeysetSource {
  type: 'odata-keyset';
  /** Routes read in this order. `archive` routes hold what is older than `archiveAfterDays`. */
  routes: { path: string; archive?: boolean }[];
  /** Days after which rows move to the archive route (Movidesk: 90). */
  archiveAfterDays?: number;
  /** Key used for keyset pagination and ordering. */
  keyField: string;
  /** Whether keyset literals are numbers or quoted strings. */
  keyType: 'integer' | 'string';
  /** Field the time window filters on (the replication key for INCREMENTAL streams). */
  windowField?: string;
  /**
   * The window field may be null (a person never edited has no changedDate). Such rows cannot be placed
   * in any window, so every windowed read asks for them too (`or field eq null`): reading them again
   * each run costs a few pages, leaving them out would lose them for good.
   */
  windowFieldNullable?: boolean;
  /** Extra query parameters sent with every page, by config switch. */
  includeDeletedItemsParam?: boolean;
}

/**
 * Cursor list (`{hasMore, items}` with `limit` and `startingAfter`), as /survey/responses and /activity
 * serve. A bare JSON array is taken as the one and only page.
 */
export interface CursorSource {
  type: 'cursor';
  path: string;
  /** Largest page the endpoint serves. */
  limit: number;
  keyField: string;
  /** Query parameters bounding the time window, when the endpoint filters on it. */
  window?: { field: string; sinceParam: string; untilParam?: string };
}

/** One request per row of another stream (a partition), e.g. hour consumption per contract. */
export interface PartitionedSource {
  type: 'partitioned';
  path: string;
  /** Stream whose rows are the partitions, the field naming each, and fields the params need. */
  partitions: { stream: string; key: string; fields: string[] };
  /** Query parameters for one partition; `window` is the run's time window (epoch ms). */
  params: (partition: JsonRecord, window: { start?: number; end: number }) => Record<string, string>;
}

/** What one answer of a date-window endpoint holds: its rows and, when it says so, `page` of `pages`. */
export interface DateWindowAnswer {
  rows: JsonRecord[];
  page?: number;
  pages?: number;
}

/**
 * Whole-day windows (`start`..`end` dates, both inclusive, `YYYY-MM-DD`), each read page by page with a
 * 1-based page number, as /tickets/merged serves. Windows are at most `maxDays` long; a longer one is
 * tried once when the range to read exceeds it, and what the account answers is kept in STATE.
 */
export interface DateWindowSource {
  type: 'date-windows';
  path: string;
  /** Longest window (days) the API is said to accept. */
  maxDays: number;
  /** A longer window tried on first contact; kept when the account accepts it, else `maxDays` is. */
  probeDays?: number;
  params: { start: string; end: string; page: string };
  /**
   * The API's days may be UTC days or local days at this offset (minutes east of UTC): the first day
   * asked is the one holding the window start in both readings.
   */
  dayOffsetMinutes?: number;
  /** Rows of one answer and its paging; throws ApiDataError for a shape it cannot read. */
  extract: (body: unknown) => DateWindowAnswer;
  /** A 404 means "no rows in this window", unless its message matches this: then the route does not exist. */
  routeMissing: RegExp;
  /**
   * Where a read without bookmark or start_date begins: the smallest `field` over these OData routes
   * (one `$orderby=<field> asc&$top=1` request each), e.g. the oldest ticket's creation.
   */
  earliest: { routes: string[]; field: string; includeDeletedItemsParam?: boolean };
}

export type StreamSource = ODataKeysetSource | CursorSource | PartitionedSource | DateWindowSource;
export type ReplicationMethod = 'INCREMENTAL' | 'FULL_TABLE';

interface StreamBase {
  /** Stream id; also the schema file name under schemas/streams/. */
  name: string;
  primaryKey: string[];
  /**
   * Fields handed down to child streams (child field name → field of this record). Children also
   * inherit everything their parent inherited, so grandchildren carry every ancestor's keys.
   */
  childContext?: Record<string, string>;
  /**
   * False for an opt-in stream: a catalog must select it (discovery marks it `selected-by-default:
   * false`) and a sync without a catalog leaves it out. Default true.
   */
  selectedByDefault?: boolean;
}

export interface RootStream extends StreamBase {
  kind: 'root';
  /** Default method; `replicationMethods` lists the others a catalog may choose. */
  replicationMethod: ReplicationMethod;
  replicationMethods?: ReplicationMethod[];
  replicationKey?: string;
  source: StreamSource;
}

export interface ChildStream extends StreamBase {
  kind: 'child';
  parent: string;
  /** Property of each parent record holding this stream's rows. */
  collection: string;
  /** Replication key inherited from the root (a context field such as ticketLastUpdate). */
  replicationKey?: string;
  /** Fields computed from the row itself, e.g. a stable key for rows without an id. */
  derived?: Record<string, (row: JsonRecord) => unknown>;
}

export type StreamDefinition = RootStream | ChildStream;

export function defineRoot(stream: Omit<RootStream, 'kind'>): RootStream {
  return { kind: 'root', ...stream };
}

export function defineChild(stream: Omit<ChildStream, 'kind'>): ChildStream {
  return { kind: 'child', ...stream };
}
