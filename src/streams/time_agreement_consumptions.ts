import { defineRoot, type JsonRecord } from './define.js';

const FIRST_PERIOD = Date.UTC(2000, 0, 1);

/** Movidesk's period literal: `2019-10-01T00:00:00`. */
const periodLiteral = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;

/** createdOn comes without an offset, in UTC. */
const createdOn = (contract: JsonRecord): number | undefined => {
  const value = contract.createdOn;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Hour consumption, one request per contract covering every period from start_date (or the contract's
 * creation) to now. FULL_TABLE: the open period changes until it closes, and one request per contract
 * per run is already the minimum.
 */
export default defineRoot({
  name: 'time_agreement_consumptions',
  primaryKey: ['name', 'period'],
  replicationMethod: 'FULL_TABLE',
  source: {
    type: 'partitioned',
    path: '/timeAgreementConsumption',
    partitions: { stream: 'time_agreements', key: 'name', fields: ['createdOn'] },
    params: (contract: JsonRecord, window) => ({
      name: String(contract.name),
      startPeriod: periodLiteral(window.start ?? createdOn(contract) ?? FIRST_PERIOD),
      endPeriod: periodLiteral(window.end),
    }),
  },
  childContext: { name: 'name', period: 'period' },
});
