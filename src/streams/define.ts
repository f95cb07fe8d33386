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
  /** Extra query parameters sent with every page, by config switch. */
  includeDeletedItemsParam?: boolean;
}

export type StreamSource = ODataKeysetSource;

interface StreamBase {
  /** Stream id; also the schema file name under schemas/streams/. */
  name: string;
  primaryKey: string[];
  /**
   * Fields handed down to child streams (child field name → field of this record). Children also
   * inherit everything their parent inherited, so grandchildren carry every ancestor's keys.
   */
  childContext?: Record<string, string>;
}

export interface RootStream extends StreamBase {
  kind: 'root';
  replicationMethod: 'INCREMENTAL' | 'FULL_TABLE';
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
