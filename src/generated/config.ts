/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * Movidesk API token (Configurações > Conta > Parâmetros > Ambiente). Sent as the `token` query parameter and redacted from every log line and error.
 */
export type APIToken = string;
/**
 * RFC 3339 timestamp; only tickets whose lastUpdate is at or after it are read on the first run. Default: all history.
 */
export type StartDate = string;
/**
 * Root of the Movidesk public API. Must be https://, since the token travels in the query string; plain http:// is accepted only for a loopback host (localhost, 127.x.y.z, [::1]) such as the bundled simulator.
 */
export type BaseURL = string;
/**
 * Request budget per rolling 60 seconds, shared by every stream. Movidesk allows 10 per account.
 */
export type RequestsPerMinute = number;
/**
 * constant: requests_per_minute all day. movidesk_night: night_requests_per_minute from 19:00 to 07:00 Brasília time, when Movidesk says its APIs are unrestricted; the first 429 drops the run back to requests_per_minute.
 */
export type RateSchedule = 'constant' | 'movidesk_night';
/**
 * Request budget per rolling 60 seconds at night when rate_schedule is movidesk_night.
 */
export type NightRequestsPerMinute = number;
/**
 * $top asked for on list requests. Movidesk serves at most 100 tickets per page; the tap shrinks pages by itself when the API reports a heavy query.
 */
export type PageSize = number;
/**
 * Overlap re-read before the bookmark on each incremental run, to catch rows the API indexed late.
 */
export type LookBackMinutes = number;
/**
 * Send includeDeletedItems=true so deleted actions, clients and ticket links are extracted (with isDeleted=true).
 */
export type IncludeDeletedItems = boolean;
/**
 * Most requests kept in flight at once. The tap adds requests in flight only when answers take longer than the rate limit leaves between request starts (and over 250 ms); it then reads a route in id ranges side by side. 1 reads one page at a time. The default, 10, keeps 60 requests a minute busy with answers of up to 10 seconds.
 */
export type MaxConcurrentRequests = number;
/**
 * A request that has not completed within this many seconds is aborted and retried.
 */
export type RequestTimeoutSeconds = number;
/**
 * Flatten nested objects into columns named parent__child (owner__id, owner__businessName) in SCHEMA and RECORD messages and the Airbyte catalog, as singer-sdk does; arrays, and objects past flattening_max_depth, become JSON strings. Needs flattening_max_depth.
 */
export type EnableSchemaFlattening = boolean;
/**
 * Levels of nested objects flattened when flattening_enabled is true (required then): 1 turns owner.id into owner__id. 0 flattens nothing, as in singer-sdk.
 */
export type MaxFlatteningDepth = number;

/**
 * Settings of tap-movidesk. Every setting can also come from the environment variable TAP_MOVIDESK_<SETTING> (upper case); a value in the config file wins over the environment.
 */
export interface TapConfig {
  token: APIToken;
  start_date?: StartDate;
  base_url?: BaseURL;
  requests_per_minute?: RequestsPerMinute;
  rate_schedule?: RateSchedule;
  night_requests_per_minute?: NightRequestsPerMinute;
  page_size?: PageSize;
  lookback_minutes?: LookBackMinutes;
  include_deleted_items?: IncludeDeletedItems;
  max_concurrent_requests?: MaxConcurrentRequests;
  request_timeout_seconds?: RequestTimeoutSeconds;
  flattening_enabled?: EnableSchemaFlattening;
  flattening_max_depth?: MaxFlatteningDepth;
}
