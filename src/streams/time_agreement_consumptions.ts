import { defineRoot, type JsonRecord } from './define.js';

const FIRST_PERIOD = Date.UTC(2000, 0, 1);

/** Movidesk's period literal: `2019-10-01T00:00:00`. */
const periodLiteral = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;

/** The first day of the month before: a period that began before start_date still counts. */
const periodBefore = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
};

/**
 * Hour consumption, one request per contract covering every period from start_date (all history
 * without it) to now. FULL_TABLE: the open period changes until it closes, and one request per contract
 * per run is already the minimum.
 */
export default defineRoot({
  name: 'time_agreement_consumptions',
  primaryKey: ['name', 'period'],
  replicationMethod: 'FULL_TABLE',
  source: {
    type: 'partitioned',
    path: '/timeAgreementConsumption',
    partitions: { stream: 'time_agreements', key: 'name', fields: [] },
    params: (contract: JsonRecord, window) => ({
      name: String(contract.name),
      // One request per contract whatever the range, so without start_date ask for all history.
      startPeriod: periodLiteral(window.start === undefined ? FIRST_PERIOD : periodBefore(window.start)),
      endPeriod: periodLiteral(window.end),
    }),
  },
  childContext: { name: 'name', period: 'period' },
});
