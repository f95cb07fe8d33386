/** Public entry point of the Movidesk API simulator. */
export type { ChurnChange, ChurnKind } from './churn.js';
export type { Activity, Service, SurveyQuestion } from './data/catalog.js';
export type { Consumption, TimeAgreement } from './data/contracts.js';
export type { TicketMerge } from './data/merges.js';
export type { Person, PersonRef } from './data/person-model.js';
export type { GroundTruth } from './data/store.js';
export type { SurveyResponse } from './data/surveys.js';
export type { Ticket } from './data/ticket-model.js';
export { LOCKOUT_MESSAGE, RATE_LIMIT_MESSAGE } from './limits.js';
export {
  type AccountOptions,
  ALL_SURPRISES,
  type ChurnOptions,
  defaultOptions,
  type FaultOptions,
  type HeavyQueryOptions,
  type LockoutOptions,
  type MergeOptions,
  type QuirkOptions,
  type RateLimitOptions,
  resolveOptions,
  type SimulatorOptions,
  type SimulatorOptionsPatch,
} from './options.js';
export { API_BASE, type Simulator, startSimulator } from './server.js';
export type { RequestLog, SimulatorStats } from './stats.js';
