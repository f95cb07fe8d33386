import { startSimulator } from '../simulator/index.js';
import { selectAll } from '../src/engine/selection.js';
import { StateManager } from '../src/engine/state.js';
import { runSync } from '../src/engine/sync.js';
import { MovideskClient } from '../src/http/client.js';
import { Logger } from '../src/logger.js';
import { Redactor } from '../src/redact.js';
import { STREAMS } from '../src/streams/index.js';

/**
 * What the opt-in night schedule buys: the same backfill with the limiter's clock at 14:00 and at
 * 22:00 Brasília time (tap and simulator in one process; the simulator lifts its limit at night, as
 * Movidesk says its APIs do).
 */
export async function nightSchedule(tickets: number, scale: number) {
  const streams = STREAMS.filter((stream) => stream.name.startsWith('ticket'));
  const run = async (hourUtc: number, night: boolean) => {
    const sim = await startSimulator({ seed: 84, tickets, timeScale: scale, rateLimit: { enabled: !night } });
    const redactor = new Redactor();
    const logger = new Logger('error', redactor, () => undefined);
    const offset = Date.UTC(2026, 10, 23, hourUtc) - Date.now();
    const client = new MovideskClient({
      baseUrl: sim.url,
      token: sim.token,
      requestsPerMinute: 10,
      nightRequestsPerMinute: 60,
      timeoutMs: 60_000,
      logger,
      redactor,
      timeScale: scale,
      clock: () => Date.now() + offset,
    });
    const sink = { schema() {}, record() {}, state() {}, activateVersion() {}, async flush() {} };
    const started = Date.now();
    await runSync({
      client,
      logger,
      sink,
      state: new StateManager(),
      selection: selectAll(streams),
      settings: { pageSize: 100, lookbackMinutes: 5, includeDeletedItems: true },
      streams,
      now: Date.now(),
    });
    const seconds = (Date.now() - started) / 1000;
    client.close();
    await sim.close();
    return { requests: client.stats.requests, seconds: Math.round(seconds * 100) / 100 };
  };
  const day = await run(17, false); // 14:00 in Brasília
  const night = await run(1, true); // 22:00 in Brasília
  return { tickets, day, night, speedup: Math.round((day.seconds / night.seconds) * 100) / 100 };
}
