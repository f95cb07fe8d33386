/** `npm run soak` sets RELIABILITY_SOAK=1: more data, more kills, more faults than CI can afford. */
export const SOAK = process.env.RELIABILITY_SOAK === '1';

export const SIZE = SOAK
  ? { tickets: 4000, kills: 120, faultTickets: 3000 }
  : { tickets: 500, kills: 24, faultTickets: 300 };

/** Deterministic pseudo-random numbers, so a failing run can be replayed (the simulator's generator). */
export { mulberry32 as prng } from '../../simulator/prng.js';
