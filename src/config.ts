import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { ConfigError } from './errors.js';
import type { TapConfig } from './generated/config.js';
import { isObject, readJsonFile } from './json.js';
import { configSchema, type JsonSchema, typesOf } from './streams/schemas.js';

export type { TapConfig };

/** Settings without a default: absent unless set. */
type Optional = 'start_date' | 'flattening_max_depth';

/** Config with every default applied. */
export type ResolvedConfig = Required<Omit<TapConfig, Optional>> & Pick<TapConfig, Optional>;

export const ENV_PREFIX = 'TAP_MOVIDESK_';

/**
 * Environment switches for tests, benchmarks and the demo against the local simulator. Each one would
 * harm a real account (the time scale shrinks the tap's minute, so it would send many times Movidesk's
 * request limit), so a run refuses any of them unless base_url is a loopback address.
 */
export const TEST_ONLY_VARIABLES = [`${ENV_PREFIX}TIME_SCALE`] as const;

/** What the test-only switches set; each at its real-world value when unset. */
export interface TestSwitches {
  /** Multiplies every duration the HTTP client imposes on itself (rate window, backoff, lockout). */
  timeScale: number;
}

/**
 * Reads the config file (optional when the environment carries the token), overlays
 * TAP_MOVIDESK_<SETTING> variables for settings the file does not set, applies defaults and
 * validates against schemas/config.json. Errors name the file and the setting.
 */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const schema = configSchema();
  const fromFile = path ? readJsonObject(path) : {};
  const merged: Record<string, unknown> = { ...fromEnv(schema, env), ...fromFile };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (merged[name] === undefined && property.default !== undefined) merged[name] = property.default;
  }
  const source = path ?? `the ${ENV_PREFIX}* environment`;
  const validate = compileConfigValidator(schema);
  if (!validate(merged)) throw new ConfigError(describeConfigError(validate.errors?.[0], source, schema));
  const config = merged as ResolvedConfig;
  checkTransport(parseBaseUrl(config.base_url, source), source);
  testSwitches(config.base_url, env);
  return config;
}

/**
 * The token travels in the query string of every request: anywhere but on this machine it must go over
 * TLS. Plain http:// is for a loopback host only (the bundled simulator listens on 127.0.0.1).
 */
function checkTransport(url: URL, source: string): void {
  if (url.protocol === 'https:' || isLoopback(url)) return;
  throw new ConfigError(
    `config setting "base_url" from ${source} is plain http:// to ${url.host}, which would send the token in clear text; use https:// (http:// is accepted only for a loopback host: localhost, 127.x.y.z or [::1])`,
  );
}

function parseBaseUrl(baseUrl: string, source: string): URL {
  try {
    return new URL(baseUrl);
  } catch {
    throw new ConfigError(
      `config setting "base_url" from ${source} is not a valid URL; Movidesk's is https://api.movidesk.com/public/v1`,
    );
  }
}

/**
 * The test-only switches of the environment (TEST_ONLY_VARIABLES). Throws a ConfigError when one is set
 * and base_url is not a loopback address, or when its value is not usable.
 */
export function testSwitches(baseUrl: string, env: NodeJS.ProcessEnv): TestSwitches {
  const switches: TestSwitches = { timeScale: 1 };
  const set = TEST_ONLY_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (set.length === 0) return switches;
  const url = new URL(baseUrl);
  if (!isLoopback(url)) {
    throw new ConfigError(
      `${set.join(' and ')} ${set.length > 1 ? 'are test-only switches' : 'is a test-only switch'}, refused because base_url points to ${url.host}, not a loopback address (localhost, 127.x.y.z, [::1]): against Movidesk it would exceed the request limit and lock the account out; unset it`,
    );
  }
  const [timeScale] = TEST_ONLY_VARIABLES;
  const raw = env[timeScale];
  if (raw !== undefined && raw !== '') {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new ConfigError(
        `${timeScale} is "${raw}", expected a number above 0 (0.01 makes a minute 0.6 s)`,
      );
    switches.timeScale = value;
  }
  return switches;
}

/**
 * A host on this machine: `localhost`, 127.0.0.0/8 or ::1. WHATWG URL parsing has already lower-cased
 * the name and written any IPv4 form (127.1, 0x7f000001) as a dotted quad, so 127.0.0.1.example.com
 * stays a domain name.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function compileConfigValidator(schema: JsonSchema) {
  const ajv = new Ajv({ allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function readJsonObject(path: string): Record<string, unknown> {
  const parsed = readJsonFile(path, 'config', ConfigError, {
    unreadable: 'pass an existing JSON file to --config',
    empty: 'it must be a JSON object with at least "token"',
    invalid: 'see config.sample.json',
  });
  if (!isObject(parsed))
    throw new ConfigError(`config file ${path} must hold a JSON object; see config.sample.json`);
  return parsed;
}

function fromEnv(schema: JsonSchema, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const variable = `${ENV_PREFIX}${name.toUpperCase()}`;
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    values[name] = coerceEnv(raw, property, variable);
  }
  return values;
}

function coerceEnv(raw: string, property: JsonSchema, variable: string): unknown {
  const types = typesOf(property);
  if (types.includes('boolean')) {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    throw new ConfigError(`${variable} is "${raw}", expected true or false`);
  }
  if (types.includes('integer') || types.includes('number')) {
    const number = Number(raw);
    if (!Number.isFinite(number)) throw new ConfigError(`${variable} is "${raw}", expected a number`);
    return number;
  }
  return raw;
}

function describeConfigError(error: ErrorObject | undefined, source: string, schema: JsonSchema): string {
  if (!error) return `config from ${source} is invalid`;
  const field = error.instancePath.replace(/^\//, '');
  const known = Object.keys(schema.properties ?? {}).join(', ');
  switch (error.keyword) {
    case 'required':
      // A setting required by another one's value (`if`/`then` in the schema): name the condition.
      if (error.schemaPath.startsWith('#/then/'))
        return `config from ${source} has no "${String(error.params.missingProperty)}", which is required when ${describeCondition(schema)}; set it in the file or as ${ENV_PREFIX}${String(error.params.missingProperty).toUpperCase()}`;
      return `config from ${source} has no "${String(error.params.missingProperty)}"; set it in the file or as ${ENV_PREFIX}${String(error.params.missingProperty).toUpperCase()}`;
    case 'additionalProperties':
      return `config from ${source} has unknown setting "${String(error.params.additionalProperty)}"; known settings: ${known}`;
    case 'format':
      return `config setting "${field}" from ${source} is not a valid ${String(error.params.format)}${field === 'start_date' ? ' (use RFC 3339, e.g. 2024-01-31T00:00:00Z)' : ''}`;
    default:
      return `config setting "${field || '(root)'}" from ${source} ${error.message ?? 'is invalid'}`;
  }
}

/** The schema's `if` as words: `flattening_enabled is true`. */
function describeCondition(schema: JsonSchema): string {
  const condition = (schema.if as JsonSchema | undefined)?.properties ?? {};
  return (
    Object.entries(condition)
      .map(([name, rule]) => `${name} is ${JSON.stringify(rule.const)}`)
      .join(' and ') || 'another setting asks for it'
  );
}
