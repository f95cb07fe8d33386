/** `npm run soak` sets RELIABILITY_SOAK=1: more data, more kills, more faults than CI can afford. */
export const SOAK = process.env.RELIABILITY_SOAK === '1';

export const SIZE = SOAK
  ? { tickets: 4000, kills: 120, faultTickets: 3000 }
  : { tickets: 500, kills: 24, faultTickets: 300 };

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
