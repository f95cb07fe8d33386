/**
 * `npx tsx bench/flattening.ts`: what schema flattening costs the processing throughput (README
 * "Flattening"). Same measurement as the bench's processing line (bench/throughput.ts: 10,000 tickets
 * in memory, every ticket stream, one core), without flattening and with flattening_max_depth 1.
 */
import { startSimulator } from '../simulator/index.js';
import { throughput } from './throughput.js';

const sim = await startSimulator({ seed: 83, tickets: Number(process.env.BENCH_TICKETS ?? 10_000) });
try {
  const off = await throughput(sim, 5);
  const on = await throughput(sim, 5, 1);
  const rate = (run: typeof off) => run.tapRecordsPerSecond.toLocaleString('en-US');
  process.stdout.write(
    `${JSON.stringify({ off, on }, null, 2)}\n` +
      `flattening off: ${rate(off)} records/s (${off.ratio}× bare JSON); depth 1: ${rate(on)} records/s (${on.ratio}×); ` +
      `cost ${Math.round((1 - on.tapRecordsPerSecond / off.tapRecordsPerSecond) * 100)}%\n`,
  );
} finally {
  await sim.close();
}
