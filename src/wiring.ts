import { type ResolvedConfig, testSwitches } from './config.js';
import type { SyncSettings } from './engine/sync.js';
import { MovideskClient } from './http/client.js';
import type { Logger } from './logger.js';
import { checkFlattening } from './protocol/flatten.js';
import type { Redactor } from './redact.js';
import { STREAMS } from './streams/index.js';

/** The HTTP client both CLIs use, from config and environment. */
export function createClient(
  config: ResolvedConfig,
  logger: Logger,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  overrides: { maxRetries?: number; timeoutMs?: number } = {},
): MovideskClient {
  return new MovideskClient({
    baseUrl: config.base_url,
    token: config.token,
    requestsPerMinute: config.requests_per_minute,
    timeoutMs: overrides.timeoutMs ?? config.request_timeout_seconds * 1000,
    logger,
    redactor,
    // For tests, benchmarks and the demo; refused unless base_url is a loopback address.
    timeScale: testSwitches(config.base_url, env).timeScale,
    maxRetries: overrides.maxRetries,
    nightRequestsPerMinute:
      config.rate_schedule === 'movidesk_night' ? config.night_requests_per_minute : undefined,
  });
}

export function syncSettings(config: ResolvedConfig): SyncSettings {
  return {
    startDate: config.start_date,
    pageSize: config.page_size,
    lookbackMinutes: config.lookback_minutes,
    includeDeletedItems: config.include_deleted_items,
    maxConcurrentRequests: config.max_concurrent_requests,
  };
}

/**
 * The flattening depth when flattening is on (undefined when off, and for depth 0, which flattens
 * nothing, as in singer-sdk). Every stream's schema is flattened once here, so a column name that
 * two properties would share is an error (exit 2) before anything is discovered or read.
 */
export function flatteningDepth(config: ResolvedConfig): number | undefined {
  if (!config.flattening_enabled || !config.flattening_max_depth) return undefined;
  checkFlattening(STREAMS, config.flattening_max_depth);
  return config.flattening_max_depth;
}
