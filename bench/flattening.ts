/**
 * `npx tsx bench/flattening.ts`: what schema flattening costs the processing throughput (README
 * "Flattening"). Same measurement as the bench's processing line (bench/throughput.ts: 10,000 tickets
 * in memory, every ticket stream, one core), without flattening and with flattening_max_depth 1,
 * alternated so that both see the same machine load; the best round of each counts.
 */
import { startSimulator } from '../simulator/index.js';
import { throughput } from './throughput.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const sim = await startSimulator({ seed: 83, tickets: Number(process.env.BENCH_TICKETS ?? 10_000) });
try {
  let off = 0;
  let on = 0;
  let offCpu = 0;
  let onCpu = 0;
  let records = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const plain = await throughput(sim, 1);
    const flat = await throughput(sim, 1, 1);
    off = Math.max(off, plain.tapRecordsPerSecond);
    on = Math.max(on, flat.tapRecordsPerSecond);
    offCpu = Math.max(offCpu, plain.tapRecordsPerCpuSecond);
    onCpu = Math.max(onCpu, flat.tapRecordsPerCpuSecond);
    records = plain.records;
  }
  const rate = (value: number) => value.toLocaleString('en-US');
  process.stdout.write(
    `${records} records, best of ${ROUNDS} rounds: flattening off ${rate(off)} records/s, flattening_max_depth 1 ${rate(on)} records/s (${Math.round((on / off) * 100)}%); per CPU second ${rate(offCpu)} and ${rate(onCpu)} (${Math.round((onCpu / offCpu) * 100)}%)\n`,
  );
} finally {
  await sim.close();
}
