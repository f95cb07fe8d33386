/**
 * Data changes between requests, so incremental syncs have something to find: tickets get a new
 * action (and often a status change) with lastUpdate = now, new tickets appear with the next id,
 * persons are edited (changedDate = now), survey responses are appended, and tickets are merged into
 * others (both tickets get lastUpdate = now; `/tickets/merged` lists the merge at now).
 */
import type { BaseStatus } from './data/catalog.js';
import { STATUSES } from './data/catalog.js';
import type { DataStore } from './data/store.js';
import { makeResponse } from './data/surveys.js';
import { buildAction } from './data/ticket-actions.js';
import { ticketClients } from './data/ticket-identity.js';
import type { TicketHead } from './data/ticket-index.js';
import type { Ticket } from './data/ticket-model.js';
import { buildTicket } from './data/tickets.js';
import type { ChurnOptions } from './options.js';
import { Rng } from './prng.js';
import { MINUTE, netStamp, stampToMs } from './time.js';

export type ChurnKind =
  | 'ticketUpdated'
  | 'ticketCreated'
  | 'personUpdated'
  | 'surveyResponse'
  | 'ticketMerged';

export interface ChurnChange {
  kind: ChurnKind;
  id: string | number;
}

const NEXT: Record<BaseStatus, readonly BaseStatus[]> = {
  New: ['InAttendance'],
  InAttendance: ['Stopped', 'Resolved', 'InAttendance'],
  Stopped: ['InAttendance', 'Resolved'],
  Resolved: ['Closed', 'InAttendance'],
  Closed: [],
  Canceled: [],
};

export class Churner {
  private readonly rng: Rng;
  private requests = 0;

  constructor(
    private readonly store: DataStore,
    seed: number,
  ) {
    this.rng = new Rng(seed, 'churn');
  }

  /** Called once per API request; applies a batch every K requests or with probability p. */
  onRequest(opts: ChurnOptions, nowMs: number): ChurnChange[] {
    if (!opts.enabled) return [];
    this.requests++;
    const due =
      opts.everyRequests > 0 ? this.requests % opts.everyRequests === 0 : this.rng.chance(opts.probability);
    return due ? this.apply(opts.batch, nowMs) : [];
  }

  apply(n: number, nowMs: number): ChurnChange[] {
    const out: ChurnChange[] = [];
    for (let i = 0; i < n; i++) {
      const kind = this.rng.weighted<ChurnKind>([
        ['ticketUpdated', 50],
        ['ticketCreated', 20],
        ['personUpdated', 20],
        ['surveyResponse', 10],
        ['ticketMerged', 5],
      ]);
      const change = this.run(kind, nowMs) ?? this.run('ticketCreated', nowMs);
      if (change) out.push(change);
    }
    return out;
  }

  private stamp(ms: number): string {
    return netStamp(ms, this.rng.int(0, 9999));
  }

  private run(kind: ChurnKind, nowMs: number): ChurnChange | null {
    switch (kind) {
      case 'ticketUpdated':
        return this.updateTicket(nowMs);
      case 'ticketCreated':
        return this.createTicket(nowMs);
      case 'personUpdated':
        return this.updatePerson(nowMs);
      case 'surveyResponse':
        return this.addSurveyResponse(nowMs);
      case 'ticketMerged':
        return this.mergeTickets(nowMs);
    }
  }

  /** Mostly recent tickets, sometimes old ones (which then move from /tickets/past to /tickets). */
  private pickHead(accept: (h: TicketHead) => boolean): TicketHead | null {
    const heads = this.store.index.heads;
    for (let attempt = 0; attempt < 30; attempt++) {
      const i = this.rng.chance(0.6)
        ? heads.length - 1 - this.rng.int(0, Math.min(heads.length, 2000) - 1)
        : this.rng.int(0, heads.length - 1);
      const head = heads[i];
      if (head && accept(head)) return head;
    }
    return null;
  }

  private updateTicket(nowMs: number): ChurnChange | null {
    const head = this.pickHead((h) => !h.isDeleted && h.baseStatus !== 'Canceled');
    if (!head) return null;
    const t: Ticket = structuredClone(this.store.ticket(head));
    const rng = this.rng;
    const agents = this.store.persons.agents;
    const author = t.owner ?? this.store.persons.refs.get(rng.pick(agents).id) ?? null;
    if (!author) return null;
    const options = NEXT[t.baseStatus];
    const nextBase = options.length > 0 && rng.chance(0.6) ? rng.pick(options) : t.baseStatus;
    const names = STATUSES[nextBase];
    const status = nextBase === t.baseStatus ? t.status : rng.pick(names.names);
    const justification = nextBase === t.baseStatus ? t.justification : rng.pick(names.justifications);
    const team = this.store.persons.teamOf.get(author.id) ?? null;
    const counters = {
      appointments: t.actions.reduce((n, a) => n + a.timeAppointments.length, 0),
      expenses: t.actions.reduce((n, a) => n + a.expenses.length, 0),
    };
    const seq = t.actions.reduce((m, a) => Math.max(m, a.id), 0) + 1;
    const action = buildAction(
      rng,
      t.id,
      seq,
      {
        at: nowMs,
        author,
        authorTeam: team,
        byAgent: true,
        origin: 2,
        type: 2,
        status,
        justification,
        deletable: false,
      },
      counters,
      this.store.activities,
    );
    t.actions.push(action);
    const now = action.createdDate;
    if (nextBase !== t.baseStatus) {
      const previous = t.statusHistories[t.statusHistories.length - 1];
      if (previous) previous.permanencyTimeFullTime = (nowMs - stampToMs(previous.changedDate)) / 1000;
      t.statusHistories.push({
        status,
        justification,
        permanencyTimeFullTime: 0,
        permanencyTimeWorkingTime: 0,
        changedBy: author,
        changedDate: now,
        changedByTeam: team,
      });
      if (nextBase === 'Resolved') t.resolvedIn = now;
      if (nextBase === 'Closed') t.closedIn = now;
      if (t.baseStatus === 'Resolved' && nextBase === 'InAttendance') {
        t.reopenedIn = now;
        t.resolvedIn = null;
      }
      t.baseStatus = nextBase;
      t.status = status;
      t.justification = justification;
    }
    t.actionCount = t.actions.filter((a) => !a.isDeleted).length;
    t.lastActionDate = now;
    t.lastUpdate = this.stamp(nowMs);
    this.store.saveTicket(t);
    return { kind: 'ticketUpdated', id: t.id };
  }

  private createTicket(nowMs: number): ChurnChange {
    const id = this.store.index.maxId() + 1;
    const created = nowMs - this.rng.int(1, 5) * MINUTE;
    const lastUpdate = this.stamp(nowMs);
    const head: TicketHead = {
      id,
      createdDate: this.stamp(created),
      lastUpdate,
      lastUpdateMs: Math.floor(nowMs),
      isDeleted: false,
      baseStatus: 'New',
    };
    this.store.saveTicket(buildTicket(this.store.ctx, head));
    return { kind: 'ticketCreated', id };
  }

  private updatePerson(nowMs: number): ChurnChange {
    const persons = this.store.persons;
    const person = this.rng.pick(persons.all);
    person.changedDate = this.stamp(nowMs);
    person.changedBy = this.rng.pick(persons.agents).id;
    // Only fields outside the short person shape change, so tickets' embedded copies stay right.
    person.observations = `Cadastro revisado em ${person.changedDate.slice(0, 10)} ✔`;
    if (this.rng.chance(0.5))
      person.classification = this.rng.pick(['Cliente Ouro', 'Cliente Prata', 'Parceiro']);
    return { kind: 'personUpdated', id: person.id };
  }

  /** An agent merges a duplicate into another ticket: both change now, the merge is listed at now. */
  private mergeTickets(nowMs: number): ChurnChange | null {
    const merges = this.store.merges;
    const target = this.pickHead((h) => !h.isDeleted && !merges.isAbsorbed(h.id));
    if (!target) return null;
    const absorbed = this.pickHead((h) => merges.canMerge(target, h));
    if (!absorbed) return null;
    const at = Math.floor(nowMs / 1000) * 1000;
    for (const head of [target, absorbed]) {
      const ticket: Ticket = structuredClone(this.store.ticket(head));
      ticket.lastUpdate = this.stamp(nowMs);
      this.store.saveTicket(ticket);
    }
    merges.merge(target.id, absorbed.id, at);
    return { kind: 'ticketMerged', id: absorbed.id };
  }

  private addSurveyResponse(nowMs: number): ChurnChange | null {
    const head = this.pickHead(
      (h) => !h.isDeleted && (h.baseStatus === 'Resolved' || h.baseStatus === 'Closed'),
    );
    const client = head ? ticketClients(this.store.ctx, head.id).find((c) => !c.isDeleted) : undefined;
    if (!head || !client) return null;
    const response = this.store.surveys.append(makeResponse(this.rng, head.id, client.id, this.stamp(nowMs)));
    return { kind: 'surveyResponse', id: response.id };
  }
}
