import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SimulatorOptionsPatch, startSimulator } from '../../simulator/index.js';
import { main } from '../../src/cli.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { expectedKeys, KEY_OF } from '../e2e/truth.js';
import { memoryStream } from '../helpers/harness.js';
import { recordOutcome } from './report.js';
import { SIZE } from './soak.js';

const TIME_SCALE = 0.01;
const dir = mkdtempSync(join(tmpdir(), 'tap-faults-'));
const injected: Record<string, number> = {};

/** What a scenario must have injected at least once; counts come from the simulator and the tap's log. */
type Injected = 'http5xx' | 'drop' | 'timeout' | 'burst429' | 'rateLimited' | 'heavyQuery';

/** Slow answers take 150 s × 0.01 = 1.5 s: always beyond the tap's 1 s timeout, whatever the load. */
const BEYOND_TIMEOUT = { slowMs: 150_000 };

const SCENARIOS: [string, SimulatorOptionsPatch, Record<string, unknown>, Injected[]][] = [
  ['random 5xx (HTML 500, 502, 503 without body, 504)', { faults: { error5xxRate: 0.25 } }, {}, ['http5xx']],
  ['connections dropped mid-body', { faults: { dropRate: 0.2 } }, {}, ['drop']],
  [
    'slow answers beyond the request timeout',
    { faults: { slowRate: 0.2, ...BEYOND_TIMEOUT } },
    { request_timeout_seconds: 1 },
    ['timeout'],
  ],
  [
    'bursts of 429, with and without Retry-After',
    { faults: { burst429Rate: 0.15, burst429Length: 3 } },
    {},
    ['burst429'],
  ],
  [
    'rate-limit 429 without Retry-After on a shared account',
    { rateLimit: { requests: 4, omitRetryAfter: true } },
    {},
    ['rateLimited'],
  ],
  [
    'heavy-query 500 on large expanded pages',
    { heavyQuery: { enabled: true, budget: 600 } },
    {},
    ['heavyQuery'],
  ],
  [
    'everything at once, with the 3-failure lockout',
    {
      // Slow answers within the timeout here: a 5xx the tap stopped waiting for still counts toward the
      // API's lockout, which the tap cannot see (timeouts have their own scenario above).
      faults: { error5xxRate: 0.1, dropRate: 0.05, slowRate: 0.05, slowMs: 5_000, burst429Rate: 0.05 },
      heavyQuery: { enabled: true, budget: 900 },
    },
    { request_timeout_seconds: 1 },
    ['http5xx', 'drop', 'burst429', 'heavyQuery'],
  ],
];

afterAll(() => recordOutcome('faultsInjected', injected));

describe.each(SCENARIOS)('a full sync under %s', (name, faults, config, kinds) => {
  it('emits every record of the ground truth and never jumps a Retry-After or a lockout', async () => {
    const sim = await startSimulator({
      seed: 61,
      tickets: SIZE.faultTickets,
      timeScale: TIME_SCALE,
      ...faults,
    });
    try {
      const configPath = join(dir, `${name.length}-${Math.random()}.json`);
      writeFileSync(configPath, JSON.stringify({ token: sim.token, base_url: sim.url, ...config }));
      const stdout = memoryStream();
      const stderr = memoryStream();
      const code = await main(['--config', configPath], {
        stdout: stdout.stream,
        stderr: stderr.stream,
        env: { TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) },
      });
      expect(
        code,
        stderr
          .text()
          .split('\n')
          .filter((l) => l.includes('CRITICAL'))
          .join('\n'),
      ).toBe(0);
      const emitted: Record<string, Set<string>> = {};
      for (const line of stdout.text().split('\n')) {
        if (!line) continue;
        const m = JSON.parse(line) as { type: string; stream: string; record: JsonRecord };
        if (m.type !== 'RECORD' || !KEY_OF[m.stream]) continue;
        emitted[m.stream] ??= new Set();
        emitted[m.stream]?.add(JSON.stringify(KEY_OF[m.stream]?.(m.record)));
      }
      for (const [stream, keys] of Object.entries(expectedKeys(sim.truth()))) {
        expect([...(emitted[stream] ?? [])].sort(), stream).toEqual([...new Set(keys)].sort());
      }
      const stats = sim.stats();
      expect(stats.requestsBeforeRetryAfter).toBe(0);
      expect(stats.requestsDuringLockout).toBe(0);
      const faultsNamed = (pattern: RegExp) =>
        Object.entries(stats.faults)
          .filter(([kind]) => pattern.test(kind))
          .reduce((sum, [, n]) => sum + n, 0);
      const counts: Record<Injected, number> = {
        http5xx: faultsNamed(/^http5\d\d$/),
        drop: faultsNamed(/^drop$/),
        // Requests the tap gave up waiting for and retried.
        timeout: (stderr.text().match(/\(attempt \d+\) after ECONNABORTED/g) ?? []).length,
        burst429: faultsNamed(/^burst429$/),
        rateLimited: stats.rateLimited,
        heavyQuery: stats.heavyQueryRejected,
      };
      // Every fault the scenario is named after happened (the seed fixes which requests get one).
      for (const kind of kinds) expect(counts[kind], kind).toBeGreaterThan(0);
      const count =
        Object.values(stats.faults).reduce((a, b) => a + b, 0) + stats.heavyQueryRejected + stats.rateLimited;
      injected[name] = count;
    } finally {
      await sim.close();
    }
  });
});
