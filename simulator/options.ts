/** Every switch the simulator has, with the defaults that mirror the real API as closely as known. */

export interface RateLimitOptions {
  enabled: boolean;
  /** Requests allowed per token in one rolling window. */
  requests: number;
  windowMs: number;
  /** Answer rate-limit 429s without a Retry-After header (the real alert's headers are unknown). */
  omitRetryAfter: boolean;
  /** S-ZLIM: 19:00-07:00 Brasília time has no limit. Off by default (timezone unconfirmed). */
  nightUnlimited: boolean;
}

export interface LockoutOptions {
  enabled: boolean;
  /** Consecutive failed responses (status >= 400) that trigger the lockout. */
  failures: number;
  durationMs: number;
  /** When true, 429s answered during a lockout also count as failures and can restart it. */
  countViolations: boolean;
}

export interface HeavyQueryOptions {
  enabled: boolean;
  /** Max of effective $top x (1 + expanded collections) before answering 500. */
  budget: number;
}

export interface FaultOptions {
  /** Share of requests answered 500 (HTML page), 502, 503 (empty body) or 504. */
  error5xxRate: number;
  slowRate: number;
  /** Delay added to slow answers, before timeScale. */
  slowMs: number;
  /** Share of answers cut mid-body (headers and part of the JSON, then the socket is destroyed). */
  dropRate: number;
  /** Chance that a request starts a burst of 429s; half the bursts carry Retry-After. */
  burst429Rate: number;
  burst429Length: number;
  /** Share of 200 answers with a JSON body of the wrong shape. */
  wrongShapeRate: number;
  /** Routes that answer 503 to every request (an endpoint down for longer than any retry). */
  brokenRoutes: string[];
}

export interface ChurnOptions {
  enabled: boolean;
  /** Apply a churn batch every K API requests; 0 means use `probability` instead. */
  everyRequests: number;
  probability: number;
  /** Changes per churn event. */
  batch: number;
}

/** Behaviours the docs leave UNCERTAIN; defaults pick the stricter plausible variant. */
export interface QuirkOptions {
  /** An expanded navigation is returned only if also named in a $select at that level. */
  expandRequiresSelect: boolean;
  /** `/tickets?id=N` answers 404 for a ticket that belongs to /tickets/past (and vice versa). */
  singleGetRespectsSplit: boolean;
  /** Tickets with isDeleted=true appear (in lists and single gets) only with includeDeletedItems=true. */
  deletedTicketsNeedFlag: boolean;
  /** Apply $filter/$orderby/$top/$skip given inside $expand(...); otherwise they are validated and ignored. */
  nestedExpandOptions: boolean;
  /** $select is mandatory on /tickets/past lists too. */
  pastRequiresSelect: boolean;
  /** /timeAgreementConsumption lists serialise numbers as strings (`"renewalDay": "5"`), as in the docs. */
  consumptionListNumbersAsStrings: boolean;
  /** 400 when $select is combined with startPeriod/endPeriod on /timeAgreementConsumption. */
  consumptionRejectSelectWithPeriod: boolean;
}

/**
 * How a real account differs from the documentation. Everything is off by default: the simulator then
 * serves exactly what the documentation says. `--account-surprises` (CLI) or `ACCOUNT_SURPRISES`
 * turns them all on.
 */
export interface AccountOptions {
  /**
   * Properties this account does not have: naming one in `$select`/`$expand` is a 400 "Could not find a
   * property named ...". `Type.property` (entity type name, e.g. `TicketStatusHistoryApiDto.changedByTeam`)
   * or a bare property name (every type).
   */
  missingProperties: string[];
  /**
   * Collections served as lists of plain strings (`Type.property`): plain structural properties, so
   * expanding one is a 400 "... is not a navigation property ...", and each item is its first text.
   */
  stringCollections: string[];
  /** Routes answering 403 although the token is good (a module the account has not contracted). */
  forbiddenRoutes: string[];
  /** Routes this account does not have: ASP.NET's 404 "No HTTP resource was found that matches the request URI ...". */
  missingRoutes: string[];
  /** Numbers and booleans of OData lists served as JSON strings (`"id": "123"`, `"isActive": "true"`). */
  scalarsAsStrings: boolean;
  /** Empty collections of OData lists served as null instead of []. */
  nullCollections: boolean;
  /** Timestamps of OData lists served in Brasília time with an offset (`...-03:00`) instead of bare UTC. */
  datetimeOffsets: boolean;
}

/** Every account surprise at once (the demo's `--surprises`, the simulator CLI's `--account-surprises`). */
export const ALL_SURPRISES: AccountOptions = {
  missingProperties: ['TicketStatusHistoryApiDto.changedByTeam', 'PersonRelationshipApiDto.isGetMethod'],
  stringCollections: ['TimeAgreementApiDto.emailDestinations'],
  forbiddenRoutes: ['/activity'],
  missingRoutes: [],
  scalarsAsStrings: true,
  nullCollections: true,
  datetimeOffsets: true,
};

/**
 * `/tickets/merged`, which no official page documents (docs §2.8): one public client's view of it, each
 * variant it saw behind a switch. Defaults: the shape its latest version parses.
 */
export interface MergeOptions {
  /** Share of tickets absorbed into another at start-up (start-up only). */
  rate: number;
  /**
   * Envelope: `pageNumber` `{"mergedTickets": [...], "pageNumber": "1 of N"}`, `totalPages`
   * `{"mergedTickets": [...], "totalPages": N}`, `list` a bare JSON array of merge objects.
   */
  shape: 'pageNumber' | 'totalPages' | 'list';
  /** Absorbed ids: `joined` `"12;34"`, `list` `[12, 34]`, `single` one object per absorbed ticket with `mergedTicketsId`. */
  ids: 'joined' | 'list' | 'single';
  /** `lastUpdate`: `space` `2024-05-23 14:08:13` (UTC), `offset` `2024-05-23T11:08:13.000-03:00`, `utc` `2024-05-23T14:08:13`. */
  lastUpdate: 'space' | 'offset' | 'utc';
  /** Longest window (days, `endDate` inclusive) before a 400; 0 = no limit. */
  maxWindowDays: number;
  /** No merge in the window (or a page past the last): `404` or an empty answer of the same shape. */
  empty: '404' | 'empty';
  /** Merge objects per page. */
  pageSize: number;
}

export interface SimulatorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  seed: number;
  /** API token; default derives from the seed so runs are reproducible. */
  token: string;
  tickets: number;
  /** Persons to generate; 0 means max(50, tickets / 5). */
  persons: number;
  /** Added to Date.now() to get the simulator's "now". */
  nowOffsetMs: number;
  /** Multiplies every duration the simulator imposes (rate window, lockout, Retry-After, slow answers). */
  timeScale: number;
  /** $top cap (silent) and default page size of OData lists. */
  maxTop: number;
  /** /tickets serves tickets whose lastUpdate is newer than this many days; /tickets/past the rest. */
  recentDays: number;
  /** Full tickets kept generated in memory. */
  cacheSize: number;
  /** Request logs kept for stats(). */
  logLimit: number;
  /**
   * How long a list answer takes, like Movidesk building a page: this many ms per row unit, where a row
   * of an OData list counts 1 + its expanded collections (a cursor item counts 1); before timeScale.
   * A page of 100 tickets with all 12 ticket collections expanded is 1300 units. 0 answers at once.
   */
  answerMsPerRowUnit: number;
  rateLimit: RateLimitOptions;
  lockout: LockoutOptions;
  heavyQuery: HeavyQueryOptions;
  faults: FaultOptions;
  churn: ChurnOptions;
  quirks: QuirkOptions;
  account: AccountOptions;
  merges: MergeOptions;
}

export type SimulatorOptionsPatch = Partial<
  Omit<
    SimulatorOptions,
    'rateLimit' | 'lockout' | 'heavyQuery' | 'faults' | 'churn' | 'quirks' | 'account' | 'merges'
  >
> & {
  rateLimit?: Partial<RateLimitOptions>;
  lockout?: Partial<LockoutOptions>;
  heavyQuery?: Partial<HeavyQueryOptions>;
  faults?: Partial<FaultOptions>;
  churn?: Partial<ChurnOptions>;
  quirks?: Partial<QuirkOptions>;
  account?: Partial<AccountOptions>;
  merges?: Partial<MergeOptions>;
};

export function defaultToken(seed: number): string {
  // Looks like the UUID tokens Movidesk issues; derived from the seed for reproducible demos.
  const hex = (n: number) => (Math.imul(seed + n, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  const raw = `${hex(1)}${hex(2)}${hex(3)}${hex(4)}`;
  return `${raw.slice(0, 8)}-${raw.slice(8, 12)}-4${raw.slice(13, 16)}-a${raw.slice(17, 20)}-${raw.slice(20, 32)}`;
}

export function defaultOptions(seed = 1): SimulatorOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    seed,
    token: defaultToken(seed),
    tickets: 500,
    persons: 0,
    nowOffsetMs: 0,
    timeScale: 1,
    maxTop: 100,
    recentDays: 90,
    cacheSize: 2000,
    logLimit: 1000,
    answerMsPerRowUnit: 0,
    rateLimit: {
      enabled: true,
      requests: 10,
      windowMs: 60_000,
      omitRetryAfter: false,
      nightUnlimited: false,
    },
    lockout: { enabled: true, failures: 3, durationMs: 60_000, countViolations: false },
    heavyQuery: { enabled: false, budget: 1000 },
    faults: {
      error5xxRate: 0,
      slowRate: 0,
      slowMs: 5000,
      dropRate: 0,
      burst429Rate: 0,
      burst429Length: 2,
      wrongShapeRate: 0,
      brokenRoutes: [],
    },
    churn: { enabled: false, everyRequests: 0, probability: 0.2, batch: 1 },
    quirks: {
      expandRequiresSelect: true,
      singleGetRespectsSplit: true,
      deletedTicketsNeedFlag: true,
      nestedExpandOptions: false,
      pastRequiresSelect: true,
      consumptionListNumbersAsStrings: true,
      consumptionRejectSelectWithPeriod: true,
    },
    account: {
      missingProperties: [],
      stringCollections: [],
      forbiddenRoutes: [],
      missingRoutes: [],
      scalarsAsStrings: false,
      nullCollections: false,
      datetimeOffsets: false,
    },
    merges: {
      rate: 0.03,
      shape: 'pageNumber',
      ids: 'joined',
      lastUpdate: 'space',
      maxWindowDays: 7,
      empty: '404',
      pageSize: 25,
    },
  };
}

/** Merges a patch into options, one level deep for the grouped switches. */
export function mergeOptions(base: SimulatorOptions, patch: SimulatorOptionsPatch = {}): SimulatorOptions {
  const { rateLimit, lockout, heavyQuery, faults, churn, quirks, account, merges, ...flat } = patch;
  const merged: SimulatorOptions = {
    ...base,
    ...flat,
    rateLimit: { ...base.rateLimit, ...rateLimit },
    lockout: { ...base.lockout, ...lockout },
    heavyQuery: { ...base.heavyQuery, ...heavyQuery },
    faults: { ...base.faults, ...faults },
    churn: { ...base.churn, ...churn },
    quirks: { ...base.quirks, ...quirks },
    account: { ...base.account, ...account },
    merges: { ...base.merges, ...merges },
  };
  if (patch.seed !== undefined && patch.token === undefined && base.token === defaultToken(base.seed)) {
    merged.token = defaultToken(patch.seed);
  }
  return merged;
}

export function resolveOptions(patch: SimulatorOptionsPatch = {}): SimulatorOptions {
  return mergeOptions(defaultOptions(patch.seed ?? 1), patch);
}

export function personCount(opts: SimulatorOptions): number {
  return opts.persons > 0 ? opts.persons : Math.max(50, Math.round(opts.tickets / 5));
}
