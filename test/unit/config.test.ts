import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback, loadConfig, TEST_ONLY_VARIABLES, testSwitches } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { configSchema } from '../../src/streams/schemas.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

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
      max_concurrent_requests: 10,
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
    ['{', /is not valid JSON \(syntax error at line 1, column 2\)/],
    ['{\n  "token": \'a0e1d2c3-secret\'\n}', /is not valid JSON \(unexpected "'" at line 2, column 12\)/],
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

describe('the token only travels over TLS', () => {
  const withBase = (base_url: string) => file(JSON.stringify({ token: 'secret-token', base_url }));

  it.each([
    'http://api.movidesk.com/public/v1',
    'http://example.com/public/v1',
    'http://127.0.0.1.example.com/public/v1',
    'http://localhost.example.com/public/v1',
    'http://127.0.0.1@example.com/public/v1',
    'http://10.0.0.1/public/v1',
    'http://[::2]:8080/public/v1',
    'http://[::ffff:127.0.0.1]/public/v1',
  ])('refuses plain http:// to a host that is not loopback: %s', (base) => {
    const host = new URL(base).host;
    const path = withBase(base);
    expect(() => loadConfig(path, {})).toThrow(ConfigError);
    expect(() => loadConfig(path, {})).toThrow(
      `config setting "base_url" from ${path} is plain http:// to ${host}, which would send the token in clear text; use https:// (http:// is accepted only for a loopback host: localhost, 127.x.y.z or [::1])`,
    );
  });

  it('refuses plain http:// from TAP_MOVIDESK_BASE_URL too, naming the environment', () => {
    expect(() =>
      loadConfig(undefined, {
        TAP_MOVIDESK_TOKEN: 't',
        TAP_MOVIDESK_BASE_URL: 'http://example.com/public/v1',
      }),
    ).toThrow(
      /^config setting "base_url" from the TAP_MOVIDESK_\* environment is plain http:\/\/ to example\.com,/,
    );
  });

  it.each([
    'http://localhost/public/v1',
    'http://LOCALHOST:8765/public/v1',
    'http://127.0.0.1:8765/public/v1',
    'http://127.45.6.7/public/v1',
    'http://127.1/public/v1',
    'http://[::1]:8765/public/v1',
    'https://api.movidesk.com/public/v1',
    'https://example.com/public/v1',
  ])('accepts %s', (base) => {
    expect(loadConfig(withBase(base), {}).base_url).toBe(base);
  });

  it('refuses a base_url the URL parser cannot read, in one line', () => {
    const path = withBase('http://localhost:99999/public/v1');
    expect(() => loadConfig(path, {})).toThrow(
      `config setting "base_url" from ${path} is not a valid URL; Movidesk's is https://api.movidesk.com/public/v1`,
    );
  });

  it('isLoopback: localhost, 127.0.0.0/8 and ::1 only', () => {
    const loopback = ['http://localhost/', 'http://127.0.0.1/', 'http://127.255.255.254:1/', 'http://[::1]/'];
    const not = [
      'http://127.0.0.1.example.com/',
      'http://localhost.example.com/',
      'http://example.localhost.test/',
      'http://128.0.0.1/',
      'http://[::2]/',
      'http://0.0.0.0/',
    ];
    expect(loopback.filter((url) => isLoopback(new URL(url)))).toEqual(loopback);
    expect(not.filter((url) => isLoopback(new URL(url)))).toEqual([]);
  });
});

describe('test-only switches need a loopback base_url', () => {
  it('every TAP_MOVIDESK_* variable the source reads is a config setting or a guarded test-only switch', () => {
    const settings = Object.keys(configSchema().properties ?? {}).map(
      (name) => `TAP_MOVIDESK_${name.toUpperCase()}`,
    );
    const named = new Set<string>();
    for (const entry of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      const text = readFileSync(join(SRC, entry), 'utf8');
      for (const match of text.matchAll(/(?:TAP_MOVIDESK_|ENV_PREFIX\})([A-Z][A-Z0-9_]*)/g))
        named.add(`TAP_MOVIDESK_${match[1]}`);
    }
    expect(named).toContain('TAP_MOVIDESK_TIME_SCALE');
    expect(
      [...named].filter((name) => !settings.includes(name) && !TEST_ONLY_VARIABLES.includes(name as never)),
    ).toEqual([]);
    for (const name of TEST_ONLY_VARIABLES)
      expect(() => testSwitches('https://api.movidesk.com/public/v1', { [name]: '1' }), name).toThrow(
        `${name} is a test-only switch, refused because base_url points to api.movidesk.com`,
      );
  });

  it('refuses the time scale against Movidesk (the default base_url), in one line, at config validation', () => {
    const path = file('{"token":"t"}');
    const env = { TAP_MOVIDESK_TIME_SCALE: '0.01' };
    const message =
      'TAP_MOVIDESK_TIME_SCALE is a test-only switch, refused because base_url points to api.movidesk.com, not a loopback address (localhost, 127.x.y.z, [::1]): against Movidesk it would exceed the request limit and lock the account out; unset it';
    expect(() => loadConfig(path, env)).toThrow(ConfigError);
    expect(() => loadConfig(path, env)).toThrow(message);
    expect(() => testSwitches('https://api.movidesk.com/public/v1', env)).toThrow(message);
  });

  it('refuses the time scale against any https host, even set to 1', () => {
    expect(() =>
      testSwitches('https://proxy.example.com/public/v1', { TAP_MOVIDESK_TIME_SCALE: '1' }),
    ).toThrow(
      /^TAP_MOVIDESK_TIME_SCALE is a test-only switch, refused because base_url points to proxy\.example\.com,/,
    );
  });

  it('reads the time scale for a loopback base_url, and is 1 when unset or empty', () => {
    expect(testSwitches('http://127.0.0.1:8765/public/v1', { TAP_MOVIDESK_TIME_SCALE: '0.01' })).toEqual({
      timeScale: 0.01,
    });
    expect(testSwitches('http://[::1]:8765/public/v1', { TAP_MOVIDESK_TIME_SCALE: '2' })).toEqual({
      timeScale: 2,
    });
    expect(testSwitches('https://api.movidesk.com/public/v1', {})).toEqual({ timeScale: 1 });
    expect(testSwitches('https://api.movidesk.com/public/v1', { TAP_MOVIDESK_TIME_SCALE: '' })).toEqual({
      timeScale: 1,
    });
    const path = file('{"token":"t","base_url":"http://localhost:8765/public/v1"}');
    expect(loadConfig(path, { TAP_MOVIDESK_TIME_SCALE: '0.01' }).base_url).toBe(
      'http://localhost:8765/public/v1',
    );
  });

  it.each(['0', '-1', 'fast', 'Infinity'])('refuses a time scale of %j', (value) => {
    const path = file('{"token":"t","base_url":"http://127.0.0.1:8765/public/v1"}');
    expect(() => loadConfig(path, { TAP_MOVIDESK_TIME_SCALE: value })).toThrow(
      `TAP_MOVIDESK_TIME_SCALE is "${value}", expected a number above 0 (0.01 makes a minute 0.6 s)`,
    );
  });
});

describe('a config file that is not JSON', () => {
  it('is reported by line and column, never by quoting the file (it holds the token)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tap-config-json-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, '{\n  "token": \'a0e1d2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b\'\n}');
    expect(() => loadConfig(path, {})).toThrow(/line 2, column 12/);
    expect(() => loadConfig(path, {})).not.toThrow(/a0e1d2c3/);
  });
});
