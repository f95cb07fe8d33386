/** The HTTP server: admission (auth, lockout, rate limit), faults, routing and introspection. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChurnChange, Churner } from './churn.js';
import { DataStore, type GroundTruth } from './data/store.js';
import { ERROR_PAGES, type Fault, FaultInjector, wrongShape } from './faults.js';
import { handleIntrospection } from './introspection.js';
import { formatRetryAfter, Limits, LOCKOUT_MESSAGE, RATE_LIMIT_MESSAGE } from './limits.js';
import {
  mergeOptions,
  personCount,
  resolveOptions,
  type SimulatorOptions,
  type SimulatorOptionsPatch,
} from './options.js';
import { type ApiResponse, GENERIC_ERROR, json, message } from './routes/common.js';
import { dispatch, routeKey, routeMissing } from './routes/index.js';
import { type RequestLog, redactQuery, type SimulatorStats, StatsRecorder } from './stats.js';
import { netStamp } from './time.js';

export const API_BASE = '/public/v1';

export interface Simulator {
  /** `http://127.0.0.1:PORT/public/v1` */
  url: string;
  port: number;
  token: string;
  /** Current options (a copy). */
  readonly options: SimulatorOptions;
  /** Simulator clock: Date.now() + nowOffsetMs. */
  now(): number;
  stats(): SimulatorStats;
  resetStats(): void;
  truth(): GroundTruth;
  churn(n: number): ChurnChange[];
  /** Changes switches at run time; seed, tickets and persons only apply at start-up. */
  setOptions(patch: SimulatorOptionsPatch): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, r: ApiResponse): void {
  let payload = '';
  let type: string | undefined;
  if (r.text !== undefined) {
    payload = r.text;
    type = r.contentType ?? 'text/html; charset=utf-8';
  } else if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    type = 'application/json; charset=utf-8';
  }
  res.writeHead(r.status, {
    ...(type ? { 'Content-Type': type } : {}),
    'Content-Length': Buffer.byteLength(payload),
    ...r.headers,
  });
  res.end(payload);
}

/** Headers and the first part of the body, then the connection dies. */
function sendTruncated(res: ServerResponse, r: ApiResponse): void {
  const payload = Buffer.from(JSON.stringify(r.body ?? null));
  res.writeHead(r.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': payload.length,
  });
  res.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))), () => res.socket?.destroy());
}

export async function startSimulator(patch: SimulatorOptionsPatch = {}): Promise<Simulator> {
  let opts = resolveOptions(patch);
  const now = () => Date.now() + opts.nowOffsetMs;
  const store = new DataStore({
    seed: opts.seed,
    tickets: opts.tickets,
    persons: personCount(opts),
    baseNow: now(),
    cacheSize: opts.cacheSize,
    mergeRate: opts.merges.rate,
  });
  const env = {
    store,
    get opts() {
      return opts;
    },
  };
  const limits = new Limits(() => opts);
  const faults = new FaultInjector(opts.seed);
  const churner = new Churner(store, opts.seed);
  const stats = new StatsRecorder(() => opts.logLimit);
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const churn = (n: number) => {
    const changes = churner.apply(n, now());
    stats.addChurn(changes.length);
    return changes;
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = now();
    const path = url.pathname.slice(API_BASE.length) || '/';
    const log: RequestLog = {
      seq: stats.nextSeq(),
      at: new Date(started).toISOString(),
      method: req.method ?? 'GET',
      path,
      query: redactQuery(url.search),
      status: 0,
      durationMs: 0,
    };
    const extra: { rateLimited?: boolean; heavy?: boolean } = {};
    const finish = (r: ApiResponse, dropped = false) => {
      log.status = r.status;
      log.durationMs = now() - started;
      if (dropped) {
        log.dropped = true;
        sendTruncated(res, r);
      } else send(res, r);
      stats.record(log, extra);
    };
    const token = url.searchParams.get('token');
    if (token !== opts.token) {
      finish(message(401, 'Authorization has been denied for this request.'));
      return;
    }
    if (req.method !== 'GET') {
      finish(message(405, `The requested resource does not support http method '${req.method}'.`));
      return;
    }
    stats.addChurn(churner.onRequest(opts.churn, started).length);
    const admission = limits.admit(token, started);
    if (admission.beforeRetryAfter) log.beforeRetryAfter = true;
    const settle = (status: number, retryAfterMs: number | null, duringLockout = false) => {
      if (limits.settle(token, status, now(), retryAfterMs, duringLockout)) log.lockoutStarted = true;
    };
    const throttle = (text: string, retryAfterMs: number | null): ApiResponse => ({
      ...message(429, text),
      headers: retryAfterMs === null ? {} : { 'Retry-After': formatRetryAfter(retryAfterMs, opts.timeScale) },
    });
    const gate = admission.gate;
    if (gate.kind === 'lockout') {
      log.duringLockout = true;
      settle(429, gate.retryAfterMs, true);
      finish(throttle(LOCKOUT_MESSAGE, gate.retryAfterMs));
      return;
    }
    if (gate.kind === 'rate') {
      extra.rateLimited = true;
      settle(429, gate.retryAfterMs);
      finish(throttle(RATE_LIMIT_MESSAGE, gate.retryAfterMs));
      return;
    }
    const fault: Fault = faults.next(opts.faults, opts.timeScale);
    if (fault.kind !== 'none') log.fault = fault.status ? `http${fault.status}` : fault.kind;
    if (fault.delayMs > 0) {
      log.fault ??= 'slow';
      await sleep(fault.delayMs);
    }
    let response: ApiResponse;
    const listed = (routes: string[]) => routes.some((route) => routeKey(route) === routeKey(path));
    if (listed(opts.faults.brokenRoutes)) {
      log.fault = 'broken';
      response = { status: 503 };
    } else if (listed(opts.account.forbiddenRoutes)) {
      // A module this account has not contracted: the token is good, this route is closed to it.
      response = message(403, 'Acesso negado: o recurso não está disponível para a sua conta.');
    } else if (fault.kind === 'burst429') {
      response = throttle(RATE_LIMIT_MESSAGE, fault.retryAfterMs ?? null);
    } else if (fault.kind === 'http5xx' && fault.status) {
      const status = fault.status;
      response = status === 503 ? { status } : { status, text: ERROR_PAGES[status] };
    } else {
      const redacted = `${url.origin}${url.pathname}${redactQuery(url.search)}`;
      response = listed(opts.account.missingRoutes)
        ? routeMissing(redacted)
        : dispatch({ path, query: url.searchParams, nowMs: started }, env, redacted);
      if (response.heavyQuery) extra.heavy = true;
      if (fault.kind === 'wrongShape' && response.status === 200)
        response = json(200, wrongShape(response.body));
    }
    // Movidesk takes longer the more rows and expanded collections a page has; other requests go on.
    if (opts.answerMsPerRowUnit > 0 && response.rowUnits)
      await sleep(opts.answerMsPerRowUnit * response.rowUnits * opts.timeScale);
    const retryHeader = response.headers?.['Retry-After'];
    settle(response.status, retryHeader === undefined ? null : Number(retryHeader) * 1000);
    finish(response, fault.kind === 'drop' && response.status === 200);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const handle = async () => {
      if (url.pathname.startsWith('/__simulator/')) {
        await handleIntrospection(req, res, url, {
          stats,
          churn,
          truth: () => store.truth(netStamp(now())),
          setOptions,
          getOptions: () => opts,
        });
      } else if (url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`)) {
        await api(req, res, url);
      } else {
        send(
          res,
          message(
            404,
            `No HTTP resource was found that matches the request URI '${url.origin}${url.pathname}'.`,
          ),
        );
      }
    };
    handle().catch((err: unknown) => {
      if (!res.headersSent) send(res, message(500, GENERIC_ERROR));
      else res.destroy();
      process.emitWarning(`simulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  });

  function setOptions(p: SimulatorOptionsPatch): void {
    const { seed: _seed, tickets: _tickets, persons: _persons, port: _port, host: _host, ...runtime } = p;
    opts = mergeOptions(opts, runtime);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host}:${port}${API_BASE}`;

  return {
    url,
    port,
    get token() {
      return opts.token;
    },
    get options() {
      return structuredClone(opts);
    },
    now,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    truth: () => store.truth(netStamp(now())),
    churn,
    setOptions,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
