import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { oneLine } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import {
  AuthError,
  BadRequestError,
  EndpointError,
  HeavyQueryError,
  InvalidResponseError,
  RouteDeniedError,
  TransientError,
} from './errors.js';
import { constantRate, movideskNightSchedule, RollingWindowLimiter, windowMarginMs } from './rate-limiter.js';

export interface ClientOptions {
  baseUrl: string;
  token: string;
  requestsPerMinute: number;
  timeoutMs: number;
  logger: Logger;
  redactor: Redactor;
  /** Shrinks every duration the client imposes on itself (window, backoff); for tests and benchmarks. */
  timeScale?: number;
  /** Retries of 5xx, timeouts and dropped connections before giving up. */
  maxRetries?: number;
  /** First backoff step; doubles on each retry, with jitter, capped at 60 s. */
  backoffBaseMs?: number;
  /** Opt-in: this many requests per minute from 19:00 to 07:00 Brasília time, when Movidesk lifts its limit. */
  nightRequestsPerMinute?: number;
  /** The clock of the limiter and of every pause the client imposes (tests, benchmarks). */
  clock?: () => number;
  /** How the limiter waits; with `clock`, lets tests run the limiter on a fake clock. */
  sleep?: (ms: number) => Promise<void>;
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface GetOptions {
  /** Aborts the request (a reader that no longer needs the page); an aborted request is not retried. */
  signal?: AbortSignal;
  /** Called with the answer time of the attempt that succeeded: from its start (past the limiter) to its answer. */
  onAnswer?: (ms: number) => void;
}

/** What a reader needs to decide how many requests to keep in flight. */
export interface Pace {
  /** Time between request starts that the rate limit allows now (window / requests allowed). */
  spacingMs: number;
  /** Requests started and not yet answered. */
  inFlight: number;
  /** Failed answers since the last success that could not have come after them. */
  failureStreak: number;
}

export interface HttpStats {
  requests: number;
  throttled: number;
  retries: number;
  throttleWaitMs: number;
  /** Requests started and not yet answered. */
  inFlight: number;
}

const HEAVY_QUERY = /an error has occurred/i;
const MAX_RATE_LIMIT_RETRIES = 20;
const INVALID_JSON_RETRIES = 3;
/** Movidesk's lockout: this many failed requests in a row block the account for LOCKOUT_MS. */
const LOCKOUT_FAILURES = 3;
const LOCKOUT_MS = 60_000;
const MOVIDESK_BASE_URL = 'https://api.movidesk.com/public/v1';
/** Certificate and handshake failures (Node's and OpenSSL's codes), e.g. DEPTH_ZERO_SELF_SIGNED_CERT, EPROTO. */
const TLS_FAILURE = /CERT|SSL|TLS|SIGNATURE|^EPROTO$/;

type RetryKind = 'throttle' | 'transient';
interface TrackedConfig extends InternalAxiosRequestConfig {
  tapRetries?: Record<RetryKind, number>;
  /** When this attempt passed the limiter, and how many failures had been answered by then. */
  startedAt?: number;
  failuresAtStart?: number;
  inFlight?: boolean;
}

/**
 * The only module that talks to Movidesk. Every request, retries included, passes the shared rolling
 * window limiter; 429 pauses every request for Retry-After (60 s when absent); 5xx, timeouts and
 * dropped connections are retried with backoff; everything else becomes a classified, redacted error.
 */
export class MovideskClient {
  readonly stats: HttpStats = { requests: 0, throttled: 0, retries: 0, throttleWaitMs: 0, inFlight: 0 };
  private readonly http: AxiosInstance;
  private readonly limiter: RollingWindowLimiter;
  private readonly scale: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  /** Failed answers so far (ordered by arrival), to tell which failures overlapped a success. */
  private failuresAnswered = 0;
  /** failuresAnswered when the last lockout was waited out: those failures no longer count. */
  private failuresWaitedOut = 0;
  private night: boolean;
  /** Some HTTP answer came back: from then on a refused connection or a DNS failure is a passing fault. */
  private answered = false;
  /**
   * A 2xx JSON answer came back: from then on an HTML page is Movidesk in trouble, not a wrong
   * base_url, and a 401/403/404 is about one route (a module not contracted), not the token.
   */
  private trusted = false;

  constructor(private readonly options: ClientOptions) {
    this.scale = options.timeScale ?? 1;
    this.now = options.clock ?? Date.now;
    options.redactor.addSecret(options.token);
    const day = constantRate(options.requestsPerMinute);
    this.night = options.nightRequestsPerMinute !== undefined;
    this.limiter = new RollingWindowLimiter(
      options.nightRequestsPerMinute !== undefined
        ? movideskNightSchedule(options.requestsPerMinute, options.nightRequestsPerMinute)
        : day,
      60_000 * this.scale,
      windowMarginMs(this.scale),
      this.now,
      options.sleep,
    );
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: (status) => status >= 200 && status < 300,
      headers: { Accept: 'application/json', 'User-Agent': 'tap-movidesk' },
      maxRedirects: 0,
    });
    this.http.interceptors.request.use(async (config) => {
      await this.limiter.acquire();
      this.stats.requests += 1;
      const tracked = config as TrackedConfig;
      tracked.startedAt = Date.now();
      tracked.failuresAtStart = this.failuresAnswered;
      tracked.inFlight = true;
      this.stats.inFlight += 1;
      return config;
    });
    this.http.interceptors.response.use(
      (response) => {
        const tracked = response.config as TrackedConfig;
        this.settled(tracked);
        // With several requests in flight, a failure answered while this one ran may have reached
        // Movidesk after it and still count: only failures answered before it started surely do not.
        const since = Math.max(tracked.failuresAtStart ?? this.failuresAnswered, this.failuresWaitedOut);
        this.consecutiveFailures = Math.min(this.consecutiveFailures, this.failuresAnswered - since);
        this.answered = true;
        return response;
      },
      (error: AxiosError) => {
        this.settled(error.config as TrackedConfig | undefined);
        if (error.response) this.answered = true;
        if (error.response?.status === 429) this.onThrottled(error);
        if (error.response && error.response.status >= 400) this.onFailedResponse(error.response.status);
        // A request the tap stopped waiting for may still end in an error the API counts toward its
        // lockout (a slow 5xx): count it too, so a fourth request never lands inside a lockout.
        else if (!error.response && error.code === 'ECONNABORTED') this.onFailedResponse('timeout');
        return Promise.reject(error);
      },
    );
    axiosRetry(this.http, {
      retries: MAX_RATE_LIMIT_RETRIES + (options.maxRetries ?? 8),
      shouldResetTimeout: true,
      retryCondition: (error) => this.shouldRetry(error),
      retryDelay: (_count, error) => this.retryDelay(error),
      onRetry: (count, error, config) => {
        this.stats.retries += 1;
        options.logger.warn(
          `Retrying GET ${config.url ?? ''} (attempt ${count + 1}) after ${describeFailure(error)}`,
        );
      },
    });
  }

  /** GET a JSON document; `params` become the query string (the token is added here). */
  async get(path: string, params: QueryParams = {}, options: GetOptions = {}): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const body = await this.request(path, params, options);
      try {
        const parsed = JSON.parse(body) as unknown;
        this.trusted = true;
        return parsed;
      } catch {
        // Not JSON and not the start of any (a cut-off body starts like one): not Movidesk at all.
        if (!this.trusted && /^\s*[^\s[{]/.test(body))
          throw this.notMovidesk(`GET ${path} got a 2xx answer that is not JSON (${describeBody(body)})`);
        const message = `Movidesk answered GET ${path} with a body that is not JSON (${describeBody(body)})`;
        if (attempt >= INVALID_JSON_RETRIES) throw new InvalidResponseError(message);
        this.options.logger.warn(`${message}; retrying`);
      }
    }
  }

  /** The rate limit's spacing now, requests in flight and the failure streak (see Pace). */
  pace(): Pace {
    return {
      spacingMs: this.limiter.spacingMs(),
      inFlight: this.stats.inFlight,
      failureStreak: this.consecutiveFailures,
    };
  }

  close(): void {
    this.limiter.close();
  }

  private settled(config: TrackedConfig | undefined): void {
    if (!config?.inFlight) return;
    config.inFlight = false;
    this.stats.inFlight -= 1;
  }

  private async request(path: string, params: QueryParams, options: GetOptions): Promise<string> {
    const started = Date.now();
    this.options.logger.debug(`GET ${path} ${JSON.stringify(params)}`);
    try {
      const response = await this.http.get<string>(path, {
        params: { ...params, token: this.options.token },
        paramsSerializer: { serialize: serializeParams },
        signal: options.signal,
      });
      const attemptStarted = (response.config as TrackedConfig).startedAt;
      if (attemptStarted !== undefined) options.onAnswer?.(Date.now() - attemptStarted);
      this.options.logger.metric('timer', 'http_request_duration', (Date.now() - started) / 1000, {
        endpoint: path,
        http_status_code: response.status,
        status: 'succeeded',
      });
      return typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
    } catch (error) {
      throw this.classify(path, error);
    }
  }

  private shouldRetry(error: AxiosError): boolean {
    if (axios.isCancel(error)) return false;
    if (this.endpointProblem(error)) return false;
    const config = error.config as TrackedConfig | undefined;
    if (!config) return false;
    const status = error.response?.status;
    const kind: RetryKind | undefined =
      status === 429
        ? 'throttle'
        : // No status, or a 2xx that broke off mid-body: the network failed, not the request.
          status === undefined || status < 300 || (status >= 500 && !isHeavyQuery(error))
          ? 'transient'
          : undefined;
    if (!kind) return false;
    config.tapRetries ??= { throttle: 0, transient: 0 };
    const limit = kind === 'throttle' ? MAX_RATE_LIMIT_RETRIES : (this.options.maxRetries ?? 8);
    if (config.tapRetries[kind] >= limit) return false;
    config.tapRetries[kind] += 1;
    return true;
  }

  private retryDelay(error: AxiosError): number {
    // 429 already blocked the limiter until Retry-After; the request interceptor does the waiting.
    if (error.response?.status === 429) return 0;
    const attempt = (error.config as TrackedConfig | undefined)?.tapRetries?.transient ?? 1;
    const base = (this.options.backoffBaseMs ?? 2_000) * this.scale;
    const exp = Math.min(base * 2 ** (attempt - 1), 60_000 * this.scale);
    return exp / 2 + Math.random() * (exp / 2);
  }

  private onThrottled(error: AxiosError): void {
    this.stats.throttled += 1;
    const header = error.response?.headers?.['retry-after'];
    const seconds = parseRetryAfter(typeof header === 'string' ? header : undefined);
    const waitMs = seconds !== undefined ? seconds * 1000 : 60_000 * this.scale;
    this.stats.throttleWaitMs += waitMs;
    this.limiter.blockUntil(this.now() + waitMs);
    if (this.night) {
      this.night = false;
      this.limiter.fallBack(constantRate(this.options.requestsPerMinute));
      this.options.logger.warn(
        `Movidesk throttled the night rate: back to ${this.options.requestsPerMinute} requests per minute for the rest of the run`,
      );
    }
    this.options.logger.warn(
      `Movidesk throttled the tap (HTTP 429${seconds === undefined ? ', no Retry-After' : ''}); pausing every request for ${(waitMs / 1000).toFixed(1)} s`,
    );
    this.options.logger.metric('counter', 'throttle_wait', waitMs / 1000, { endpoint: error.config?.url });
  }

  /**
   * Movidesk locks an account out for 60 s after three failed requests in a row, and says so only on
   * the next request. Counting failures here lets every request wait the lockout out instead of
   * discovering it with one more failed request.
   */
  private onFailedResponse(status: number | 'timeout'): void {
    this.failuresAnswered += 1;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures < LOCKOUT_FAILURES) return;
    this.consecutiveFailures = 0;
    this.failuresWaitedOut = this.failuresAnswered;
    const waitMs = LOCKOUT_MS * this.scale;
    this.limiter.blockUntil(this.now() + waitMs + 1_000 * this.scale);
    this.stats.throttleWaitMs += waitMs;
    this.options.logger.warn(
      `${LOCKOUT_FAILURES} failed requests in a row (last ${status === 'timeout' ? 'a timeout' : `HTTP ${status}`}): Movidesk locks the account out for ${(waitMs / 1000).toFixed(1)} s; waiting it out`,
    );
  }

  private classify(path: string, error: unknown): Error {
    if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
    const endpoint = this.endpointProblem(error, path);
    if (endpoint) return endpoint;
    const status = error.response?.status;
    // Servers echo request URLs in their messages (ASP.NET's 404 does): the token must not travel on.
    const serverMessage = this.options.redactor.redact(extractMessage(error.response?.data));
    const where = `GET ${path}`;
    if (this.trusted && (status === 401 || status === 403 || status === 404)) {
      return new RouteDeniedError(
        `Movidesk answered HTTP ${status} on ${where} although the token works on other routes${serverMessage ? ` (${serverMessage})` : ''}`,
        status,
        path,
        serverMessage,
      );
    }
    if (status === 401 || status === 403) {
      return new AuthError(
        `the Movidesk token was rejected (HTTP ${status} on ${where}); check the token setting or generate a new key in Movidesk (if the token works elsewhere, this account may not have the module behind ${path}: deselect its streams)`,
      );
    }
    if (status !== undefined && status >= 500 && isHeavyQuery(error)) {
      return new HeavyQueryError(`Movidesk found the query too heavy (HTTP ${status} on ${where})`);
    }
    if (status === 429) {
      return new TransientError(
        `Movidesk kept throttling ${where} (HTTP 429) after ${MAX_RATE_LIMIT_RETRIES} waits`,
      );
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return new BadRequestError(
        `Movidesk rejected ${where} with HTTP ${status}: ${serverMessage || 'no message'}`,
        status,
        serverMessage,
      );
    }
    return new TransientError(
      `Movidesk did not answer ${where} after ${this.options.maxRetries ?? 8} retries: ${describeFailure(error)}`,
    );
  }

  /**
   * Failures that say base_url is wrong, so no retry can help: a redirect; before any answer, a refused
   * connection, an unknown host or a TLS failure; before any JSON answer, a 4xx page that is not JSON.
   * Later, the same network errors are passing faults of a server that did answer, and keep their retries.
   */
  private endpointProblem(error: AxiosError, path = error.config?.url ?? ''): EndpointError | undefined {
    const { baseUrl } = this.options;
    const status = error.response?.status;
    if (status !== undefined && status >= 300 && status < 400) {
      const location = error.response?.headers?.location;
      const target = typeof location === 'string' ? ` to ${location.replace(/[?#].*$/, '')}` : '';
      return new EndpointError(
        `GET ${path} was redirected (HTTP ${status}${target}); set base_url to the API root itself (now ${baseUrl}; Movidesk's is ${MOVIDESK_BASE_URL})`,
      );
    }
    if (status === undefined && !this.answered) {
      const code = error.code ?? '';
      const host = hostOf(baseUrl);
      if (code === 'ECONNREFUSED')
        return new EndpointError(
          `cannot connect to ${host}: connection refused (ECONNREFUSED on GET ${path}); check base_url (now ${baseUrl})`,
        );
      // EAI_AGAIN is a resolver that could not answer now (a network hiccup): retried, not fatal.
      if (code === 'ENOTFOUND')
        return new EndpointError(
          `cannot resolve host ${host} (DNS lookup failed, ${code}); check base_url (now ${baseUrl}) and the network`,
        );
      if (TLS_FAILURE.test(code))
        return new EndpointError(
          `TLS with ${host} failed (${code}: ${oneLine(error.message).slice(0, 120)}); check base_url (now ${baseUrl}; Movidesk's is ${MOVIDESK_BASE_URL}), or set NODE_EXTRA_CA_CERTS behind a TLS-inspecting proxy`,
        );
    }
    const body = error.response?.data;
    if (
      !this.trusted &&
      status !== undefined &&
      status >= 400 &&
      status < 500 &&
      ![401, 403, 429].includes(status) &&
      typeof body === 'string' &&
      !isJson(body)
    )
      return this.notMovidesk(
        `GET ${path} got HTTP ${status} with a body that is not JSON (${describeBody(body)})`,
      );
    return undefined;
  }

  private notMovidesk(what: string): EndpointError {
    return new EndpointError(
      `${this.options.baseUrl} does not look like the Movidesk API: ${what}; check base_url (Movidesk's is ${MOVIDESK_BASE_URL})`,
    );
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A non-empty body that parses as JSON (Movidesk's errors are JSON objects). */
function isJson(body: string): boolean {
  if (body.trim() === '') return true;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

function isHeavyQuery(error: AxiosError): boolean {
  const data = error.response?.data;
  return error.response?.status === 500 && typeof data === 'string' && HEAVY_QUERY.test(data);
}

/** OData wants `$select=a,b` and spaces as %20; URLSearchParams would write `+` and encode `$` and `,`. */
export function serializeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeODataValue(String(value))}`)
    .join('&');
}

function encodeODataValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%3B/gi, ';')
    .replace(/%28/g, '(')
    .replace(/%29/g, ')')
    .replace(/%3A/gi, ':')
    .replace(/%2F/gi, '/');
}

export function parseRetryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function extractMessage(data: unknown): string {
  if (typeof data !== 'string' || data.length === 0) return '';
  try {
    const parsed = JSON.parse(data) as { Message?: unknown; message?: unknown; error?: unknown };
    const message = parsed.Message ?? parsed.message ?? parsed.error;
    if (typeof message === 'string') return oneLine(message);
  } catch {
    // not JSON: fall through to the raw text
  }
  return describeBody(data);
}

function describeFailure(error: unknown): string {
  if (!axios.isAxiosError(error)) return String(error);
  if (error.response && error.response.status >= 300) return `HTTP ${error.response.status}`;
  if (error.response) return `connection dropped mid-body (${error.code ?? error.message})`;
  return error.code ?? error.message;
}

function describeBody(body: string): string {
  if (body.length === 0) return 'empty body';
  const text = oneLine(body.replace(/<[^>]*>/g, ' '));
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
