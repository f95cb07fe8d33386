/**
 * All simulator data. Everything small is built eagerly at start-up; tickets are kept as heads and
 * rebuilt on demand (LRU-cached), except churned or created ones, which are stored whole.
 */
import { stampToMs } from '../time.js';
import {
  type Activity,
  buildActivities,
  buildServices,
  type Service,
  SURVEY_QUESTIONS,
  type SurveyQuestion,
  servicePaths,
} from './catalog.js';
import { buildContracts, type Consumption, type TimeAgreement } from './contracts.js';
import { LruCache } from './lru.js';
import { buildMerges, type MergeStore, mergeRows, type TicketMerge } from './merges.js';
import type { Person, PersonPool } from './person-model.js';
import { buildPersons } from './persons.js';
import { buildSurveys, type SurveyResponse, type SurveyStore } from './surveys.js';
import { buildTicketIndex, type TicketHead, type TicketIndex } from './ticket-index.js';
import type { Ticket } from './ticket-model.js';
import { buildTicket, type TicketContext } from './tickets.js';

export interface StoreOptions {
  seed: number;
  tickets: number;
  persons: number;
  baseNow: number;
  cacheSize: number;
  /** Share of generated tickets absorbed into another (merges). */
  mergeRate?: number;
}

/** Everything the simulator serves, as full API objects (tickets include deleted children). */
export interface GroundTruth {
  /** Simulator "now" when the data was generated. */
  generatedAt: string;
  /** Built on first access: every ticket, deleted ones included (use eachTicket() for big data sets). */
  readonly tickets: Ticket[];
  /** Every ticket, built one at a time. */
  eachTicket(): Iterable<Ticket>;
  ticket(id: number): Ticket | undefined;
  ticketIndex: { id: number; lastUpdate: string; isDeleted: boolean; baseStatus: string }[];
  persons: Person[];
  services: Service[];
  activities: Activity[];
  surveyQuestions: SurveyQuestion[];
  surveyResponses: SurveyResponse[];
  timeAgreements: TimeAgreement[];
  consumptions: Consumption[];
  /** One row per absorbed ticket: `/tickets/merged` as a warehouse holds it. */
  ticketMerges: TicketMerge[];
}

export class DataStore {
  readonly seed: number;
  readonly baseNow: number;
  readonly services: Service[];
  readonly activities: Activity[];
  readonly persons: PersonPool;
  readonly index: TicketIndex;
  readonly surveys: SurveyStore;
  readonly agreements: TimeAgreement[];
  readonly consumptions: Consumption[];
  readonly merges: MergeStore;
  readonly ctx: TicketContext;
  private readonly overrides = new Map<number, Ticket>();
  private readonly cache: LruCache<number, Ticket>;

  constructor(opts: StoreOptions) {
    this.seed = opts.seed;
    this.baseNow = opts.baseNow;
    this.services = buildServices(opts.seed);
    this.activities = buildActivities(opts.seed);
    this.persons = buildPersons(opts.seed, opts.persons, opts.baseNow, this.services);
    this.index = buildTicketIndex(opts.seed, opts.tickets, opts.baseNow);
    this.ctx = {
      seed: opts.seed,
      persons: this.persons,
      servicePaths: servicePaths(this.services),
      activities: this.activities,
      index: this.index,
      cfPools: {
        personIds: this.persons.all.map((p) => p.id),
        clientIds: this.persons.clients.map((p) => p.id),
        agentIds: this.persons.agents.map((p) => p.id),
      },
    };
    this.surveys = buildSurveys(this.ctx, this.index, opts.baseNow);
    const contracts = buildContracts(opts.seed, this.persons, this.activities, this.index, opts.baseNow);
    this.agreements = contracts.agreements;
    this.consumptions = contracts.consumptions;
    this.merges = buildMerges(opts.seed, this.index, opts.mergeRate ?? 0);
    this.cache = new LruCache(Math.max(1, opts.cacheSize));
  }

  /** The full ticket; shared object, treat as read-only. */
  ticket(head: TicketHead): Ticket {
    const stored = this.overrides.get(head.id) ?? this.cache.get(head.id);
    if (stored) return stored;
    const built = buildTicket(this.ctx, head);
    this.cache.set(head.id, built);
    return built;
  }

  ticketById(id: number): Ticket | undefined {
    const head = this.index.get(id);
    return head ? this.ticket(head) : undefined;
  }

  /** Stores a changed ticket (churn) and keeps its head in sync. */
  saveTicket(ticket: Ticket): void {
    const head = headOf(ticket);
    if (this.index.get(ticket.id)) this.index.replace(head);
    else this.index.append(head);
    this.overrides.set(ticket.id, ticket);
    this.cache.delete(ticket.id);
  }

  /**
   * A snapshot: tickets are built lazily but from the heads and stored tickets of this moment (churn
   * replaces those objects instead of mutating them), so later changes do not leak in.
   */
  truth(generatedAt: string): GroundTruth {
    const ctx = this.ctx;
    const heads = [...this.index.heads];
    const byId = new Map(heads.map((h) => [h.id, h]));
    const stored = new Map(this.overrides);
    const build = (head: TicketHead): Ticket => {
      const saved = stored.get(head.id);
      return saved ? structuredClone(saved) : buildTicket(ctx, head);
    };
    let tickets: Ticket[] | undefined;
    return {
      generatedAt,
      get tickets() {
        tickets ??= heads.map(build);
        return tickets;
      },
      *eachTicket() {
        for (const h of heads) yield build(h);
      },
      ticket(id: number) {
        const head = byId.get(id);
        return head ? build(head) : undefined;
      },
      ticketIndex: this.index.heads.map((h) => ({
        id: h.id,
        lastUpdate: h.lastUpdate,
        isDeleted: h.isDeleted,
        baseStatus: h.baseStatus,
      })),
      persons: structuredClone(this.persons.all),
      services: structuredClone(this.services),
      activities: structuredClone(this.activities),
      surveyQuestions: structuredClone([...SURVEY_QUESTIONS]),
      surveyResponses: structuredClone(this.surveys.responses),
      timeAgreements: structuredClone(this.agreements),
      consumptions: structuredClone(this.consumptions),
      ticketMerges: mergeRows(this.merges.snapshot()),
    };
  }
}

export function headOf(t: Ticket): TicketHead {
  return {
    id: t.id,
    createdDate: t.createdDate,
    lastUpdate: t.lastUpdate,
    lastUpdateMs: Math.floor(stampToMs(t.lastUpdate)),
    isDeleted: t.isDeleted,
    baseStatus: t.baseStatus,
  };
}
