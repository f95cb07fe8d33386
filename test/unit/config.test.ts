import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'tap-config-'));
function file(content: string): string {
  const path = join(dir, `${Math.random()}.json`);
  writeFileSync(path, content);
  return path;
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig(file('{"token":"abc"}'), {})).toEqual({
      token: 'abc',
      base_url: 'https://api.movidesk.com/public/v1',
      requests_per_minute: 10,
      rate_schedule: 'constant',
      night_requests_per_minute: 60,
      page_size: 100,
      lookback_minutes: 5,
      include_deleted_items: true,
      request_timeout_seconds: 120,
      flattening_enabled: false,
    });
  });

  it('reads TAP_MOVIDESK_* variables, typed by the schema; the file wins', () => {
    const env = {
      TAP_MOVIDESK_TOKEN: 'from-env',
      TAP_MOVIDESK_PAGE_SIZE: '50',
      TAP_MOVIDESK_INCLUDE_DELETED_ITEMS: 'false',
      TAP_MOVIDESK_START_DATE: '2024-01-01T00:00:00Z',
    };
    const config = loadConfig(file('{"page_size": 20}'), env);
    expect(config).toMatchObject({
      token: 'from-env',
      page_size: 20,
      include_deleted_items: false,
      start_date: '2024-01-01T00:00:00Z',
    });
    expect(loadConfig(undefined, env).page_size).toBe(50);
  });

  it.each([
    ['', /is empty/],
    ['{', /is not valid JSON/],
    ['[]', /must hold a JSON object/],
    ['{}', /has no "token"/],
    ['{"token":""}', /"token" .* must NOT have fewer than 1 characters/],
    ['{"token":"t","start_date":"yesterday"}', /"start_date" .* is not a valid date-time \(use RFC 3339/],
    ['{"token":"t","page_size":-5}', /"page_size" .* must be >= 1/],
    ['{"token":"t","page_size":"100"}', /"page_size" .* must be integer/],
    ['{"token":"t","tokn":"x"}', /unknown setting "tokn"/],
    ['{"token":"t","base_url":"ftp://x"}', /"base_url"/],
    [
      '{"token":"t","flattening_enabled":true}',
      /^config from .* has no "flattening_max_depth", which is required when flattening_enabled is true; set it in the file or as TAP_MOVIDESK_FLATTENING_MAX_DEPTH$/,
    ],
    [
      '{"token":"t","flattening_enabled":true,"flattening_max_depth":-1}',
      /"flattening_max_depth" .* must be >= 0/,
    ],
    ['{"token":"t","flattening_max_depth":1.5}', /"flattening_max_depth" .* must be integer/],
    ['{"token":"t","flattening_separator":"."}', /unknown setting "flattening_separator"/],
  ])('rejects %j', (content, message) => {
    const path = file(content);
    expect(() => loadConfig(path, {})).toThrow(ConfigError);
    expect(() => loadConfig(path, {})).toThrow(message);
  });

  it('flattening: flattening_max_depth is needed only when flattening_enabled is true, and may come from the environment', () => {
    expect(loadConfig(file('{"token":"t","flattening_max_depth":2}'), {})).toMatchObject({
      flattening_enabled: false,
      flattening_max_depth: 2,
    });
    expect(
      loadConfig(file('{"token":"t","flattening_enabled":false}'), {}).flattening_max_depth,
    ).toBeUndefined();
    const env = { TAP_MOVIDESK_FLATTENING_ENABLED: 'true', TAP_MOVIDESK_FLATTENING_MAX_DEPTH: '1' };
    expect(loadConfig(file('{"token":"t"}'), env)).toMatchObject({
      flattening_enabled: true,
      flattening_max_depth: 1,
    });
  });

  it('rejects a missing file and bad environment values', () => {
    expect(() => loadConfig(join(dir, 'nope.json'), {})).toThrow(
      /cannot read config file .*nope.json \(ENOENT\)/,
    );
    expect(() => loadConfig(undefined, { TAP_MOVIDESK_TOKEN: 't', TAP_MOVIDESK_PAGE_SIZE: 'big' })).toThrow(
      /TAP_MOVIDESK_PAGE_SIZE is "big", expected a number/,
    );
  });
});
