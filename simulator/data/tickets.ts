/**
 * Builds the full ticket for a head, deterministically from (seed, id): the same ticket comes out
 * every time, so only heads and churned tickets need to stay in memory.
 */
import { Rng } from '../prng.js';
import { DAY, HOUR, MINUTE, netStamp, stampToMs } from '../time.js';
import {
  type Activity,
  type BaseStatus,
  CATEGORIES,
  type ServicePath,
  SLA_AGREEMENTS,
  SLA_RULES,
  STATUSES,
  TEAMS,
  TICKET_CUSTOM_FIELDS,
  URGENCIES,
} from './catalog.js';
import { type CustomFieldPools, customFieldValues } from './custom-fields.js';
import type { PersonPool, PersonRef } from './person-model.js';
import { TAGS } from './text.js';
import { type ActionPlan, buildAction, type ChildCounters } from './ticket-actions.js';
import { protocolFor, ticketClients, ticketSubject } from './ticket-identity.js';
import type { TicketHead, TicketIndex } from './ticket-index.js';
import type { Action, Asset, OwnerHistory, StatusHistory, Ticket, TicketClient } from './ticket-model.js';

export interface TicketContext {
  seed: number;
  persons: PersonPool;
  servicePaths: readonly ServicePath[];
  activities: readonly Activity[];
  index: TicketIndex;
  cfPools: CustomFieldPools;
}

const FLOWS: Record<BaseStatus, BaseStatus[]> = {
  New: ['New'],
  InAttendance: ['New', 'InAttendance'],
  Stopped: ['New', 'InAttendance', 'Stopped'],
  Resolved: ['New', 'InAttendance', 'Resolved'],
  Closed: ['New', 'InAttendance', 'Resolved', 'Closed'],
  Canceled: ['New', 'Canceled'],
};

const CLIENT_ORIGINS = [
  [1, 25],
  [3, 30],
  [5, 10],
  [8, 5],
  [18, 8],
  [23, 7],
  [20, 3],
] as const;
const AGENT_ORIGINS = [
  [2, 15],
  [9, 6],
  [4, 2],
  [10, 2],
  [11, 1],
  [12, 1],
  [13, 2],
] as const;

function ref(ctx: TicketContext, id: string): PersonRef {
  const r = ctx.persons.refs.get(id);
  if (!r) throw new Error(`unknown person ${id}`);
  return r;
}

function clientEntry(ctx: TicketContext, id: string, isDeleted: boolean): TicketClient {
  const orgId = ctx.persons.organizationOf.get(id);
  return { ...ref(ctx, id), isDeleted, organization: orgId ? ref(ctx, orgId) : null };
}

function statusName(rng: Rng, base: BaseStatus): { status: string; justification: string | null } {
  const s = STATUSES[base];
  return { status: rng.pick(s.names), justification: rng.pick(s.justifications) };
}

export function buildTicket(ctx: TicketContext, head: TicketHead): Ticket {
  const rng = new Rng(ctx.seed, head.id, 'body');
  const created = stampToMs(head.createdDate);
  const last = head.lastUpdateMs;
  const span = Math.max(MINUTE, last - created);
  const base = head.baseStatus;
  const agents = ctx.persons.agents;
  const clientIds = ticketClients(ctx, head.id);
  const clients = clientIds.map((c) => clientEntry(ctx, c.id, c.isDeleted));
  const liveClient = clients.find((c) => !c.isDeleted);
  const byClient = liveClient !== undefined && rng.chance(0.75);
  const origin = byClient ? rng.weighted(CLIENT_ORIGINS) : rng.weighted(AGENT_ORIGINS);
  const creator = byClient && liveClient ? ref(ctx, liveClient.id) : ref(ctx, rng.pick(agents).id);
  const ownerPerson = base === 'New' && rng.chance(0.5) ? null : rng.pick(agents);
  const owner = ownerPerson ? ref(ctx, ownerPerson.id) : null;
  const ownerTeam = ownerPerson
    ? (ctx.persons.teamOf.get(ownerPerson.id)?.name ?? null)
    : rng.chance(0.3)
      ? rng.pick(TEAMS).name
      : null;
  const teamOf = (p: PersonRef) => ctx.persons.teamOf.get(p.id) ?? null;

  // Status changes at sorted random times; the final one well before lastUpdate for closed work.
  const flow = FLOWS[base];
  const finalAt = flow.length === 1 ? created : created + span * (0.6 + 0.35 * rng.float());
  const changeTimes = flow.map((_, i) =>
    i === 0 ? created : created + ((finalAt - created) * i) / (flow.length - 1),
  );
  const names = flow.map((b) => statusName(rng, b));
  const statusAt = (ms: number) => {
    let k = 0;
    while (k + 1 < changeTimes.length && (changeTimes[k + 1] ?? Infinity) <= ms) k++;
    return names[k] ?? { status: 'Novo', justification: null };
  };

  const nActions = base === 'New' ? 1 : Math.min(12, 2 + rng.int(0, span > 3 * DAY ? 6 : 3));
  const times = [
    created,
    ...Array.from({ length: nActions - 1 }, () => created + rng.float() * (finalAt - created)),
  ].sort((a, b) => a - b);
  const counters: ChildCounters = { appointments: 0, expenses: 0 };
  const actions: Action[] = times.map((at, i) => {
    const agent = i > 0 && (i % 2 === 1 || !liveClient) ? (owner ?? ref(ctx, rng.pick(agents).id)) : null;
    const author = i === 0 ? creator : (agent ?? (liveClient ? ref(ctx, liveClient.id) : creator));
    const byAgent = author.profileType !== 2;
    const plan: ActionPlan = {
      at,
      author,
      authorTeam: teamOf(author),
      byAgent,
      origin: i === 0 ? origin : byAgent ? rng.pick([2, 2, 7]) : rng.pick([1, 3]),
      type: i === 0 ? (rng.chance(0.85) ? 2 : 1) : rng.chance(0.8) ? 2 : 1,
      ...statusAt(at),
      deletable: i > 0,
    };
    return buildAction(rng, head.id, i + 1, plan, counters, ctx.activities);
  });
  const liveActions = actions.filter((a) => !a.isDeleted);
  const firstAgentAction = actions.find((a) => a.createdBy.profileType !== 2 && a.id > 1);

  const statusHistories: StatusHistory[] = flow.map((_, i) => {
    const at = changeTimes[i] ?? created;
    const until = changeTimes[i + 1] ?? last;
    const changer = i === 0 ? creator : (owner ?? ref(ctx, rng.pick(agents).id));
    const seconds = (until - at) / 1000;
    return {
      ...(names[i] ?? { status: 'Novo', justification: null }),
      permanencyTimeFullTime: seconds,
      permanencyTimeWorkingTime: Math.round(seconds * 0.3 * 1000) / 1000,
      changedBy: changer,
      changedDate: netStamp(at + (i === 0 ? 0 : 500), rng.int(0, 9999)),
      changedByTeam: teamOf(changer),
    };
  });

  const ownerHistories: OwnerHistory[] = [];
  if (owner) {
    const transferAt = rng.chance(0.2) ? created + span * 0.3 * rng.float() : null;
    const first = transferAt ? ref(ctx, rng.pick(agents).id) : owner;
    const entries: [PersonRef, number][] = transferAt
      ? [
          [first, created],
          [owner, transferAt],
        ]
      : [[owner, created]];
    entries.forEach(([who, at], i) => {
      const until = entries[i + 1]?.[1] ?? last;
      const seconds = Math.round((until - at) / 10) / 100;
      ownerHistories.push({
        ownerTeam: teamOf(who)?.name ?? ownerTeam,
        owner: who,
        permanencyTimeFullTime: seconds,
        permanencyTimeWorkingTime: Math.round(seconds * 0.3 * 100) / 100,
        changedBy: i === 0 ? creator : ref(ctx, rng.pick(agents).id),
        changedDate: netStamp(at + 1000, rng.int(0, 9999)),
      });
    });
  }

  const resolvedAt = changeTimes[flow.indexOf('Resolved')];
  const closedAt = base === 'Closed' ? finalAt + (last - finalAt) * rng.float() : undefined;
  const canceledAt = base === 'Canceled' ? finalAt : undefined;
  const stoppedMs =
    base === 'Stopped' ? last - (changeTimes[2] ?? last) : rng.chance(0.2) ? rng.float() * span * 0.2 : 0;
  const service = rng.chance(0.9) ? rng.pick(ctx.servicePaths) : null;
  const sla = rng.chance(0.7);
  const slaSolution = sla ? rng.pick([240, 480, 1440, 2880]) : null;
  const slaResponse = sla ? rng.pick([30, 60, 120, 240]) : null;
  const slaChanged = sla && rng.chance(0.05);
  const isChat = origin === 5 || origin === 20;
  const assets: Asset[] = rng.chance(0.08)
    ? [
        {
          id: `AT-${rng.digits(6)}`,
          name: rng.pick(['Notebook Dell Latitude', 'Impressora HP LaserJet', 'Roteador "Sala 2"']),
          label: rng.chance(0.8) ? `PAT-${rng.digits(5)}` : null,
          serialNumber: rng.chance(0.7) ? rng.hex(10) : null,
          categoryFull: ['Hardware', rng.pick(['Computadores', 'Periféricos', 'Rede'])],
          categoryFirstLevel: 'Hardware',
          categorySecondLevel: rng.pick(['Computadores', 'Periféricos', 'Rede']),
          categoryThirdLevel: null,
          isDeleted: rng.chance(0.05),
        },
      ]
    : [];
  const stamp = (ms: number | undefined) => (ms === undefined ? null : netStamp(ms, rng.int(0, 9999)));
  const linked = (links: { id: number; isDeleted: boolean }[] | undefined) =>
    (links ?? []).map((l) => ({ id: l.id, subject: ticketSubject(ctx.seed, l.id), isDeleted: l.isDeleted }));

  return {
    id: head.id,
    protocol: head.id > 0 && rng.chance(0.4) ? protocolFor(head.id, head.createdDate) : null,
    type: actions[0]?.type ?? 2,
    subject: ticketSubject(ctx.seed, head.id),
    category: rng.chance(0.9) ? rng.pick(CATEGORIES) : null,
    urgency: rng.chance(0.85) ? rng.pick(URGENCIES) : null,
    status: names[names.length - 1]?.status ?? 'Novo',
    baseStatus: base,
    justification: names[names.length - 1]?.justification ?? null,
    origin,
    createdDate: head.createdDate,
    originEmailAccount: origin === 3 ? 'suporte@empresa.com.br' : null,
    owner,
    ownerTeam,
    createdBy: creator,
    serviceFull: service ? service.names : [],
    serviceFirstLevelId: service ? service.id : null,
    serviceFirstLevel: service?.names[0] ?? null,
    serviceSecondLevel: service?.names[1] ?? null,
    serviceThirdLevel: service?.names[2] ?? null,
    contactForm: origin === 8 ? 'Formulário "Fale conosco"' : null,
    tags: rng.sample(
      TAGS,
      rng.weighted([
        [0, 5],
        [1, 3],
        [2, 2],
        [3, 1],
      ] as const),
    ),
    cc: rng.chance(0.15) ? 'financeiro@cliente.com.br,gerência@cliente.com.br' : null,
    resolvedIn: stamp(resolvedAt),
    reopenedIn:
      resolvedAt !== undefined && rng.chance(0.05) ? stamp(created + (resolvedAt - created) * 0.5) : null,
    closedIn: stamp(closedAt),
    canceledIn: stamp(canceledAt),
    lastActionDate: liveActions[liveActions.length - 1]?.createdDate ?? null,
    actionCount: liveActions.length,
    lastUpdate: head.lastUpdate,
    lifeTimeWorkingTime: Math.round(((resolvedAt ?? last) - created) / MINUTE / 3),
    stoppedTime: Math.round(stoppedMs / MINUTE),
    stoppedTimeWorkingTime: Math.round(stoppedMs / MINUTE / 3),
    resolvedInFirstCall: resolvedAt !== undefined && nActions <= 2,
    chatWidget: isChat ? 'Chat - Site' : null,
    chatGroup: isChat ? rng.pick(['Suporte', 'Comercial']) : null,
    chatTalkTime: isChat ? rng.int(60, 3600) : null,
    chatWaitingTime: isChat ? rng.int(0, 600) : null,
    sequence: rng.chance(0.2) ? rng.int(1, 999) : null,
    slaAgreement: sla ? rng.pick(SLA_AGREEMENTS) : null,
    slaAgreementRule: sla ? rng.pick(SLA_RULES) : null,
    slaSolutionTime: slaSolution,
    slaResponseTime: slaResponse,
    slaSolutionChangedByUser: slaChanged,
    slaSolutionChangedBy: slaChanged ? (owner ?? ref(ctx, rng.pick(agents).id)) : null,
    slaSolutionDate: slaSolution ? stamp(created + slaSolution * MINUTE) : null,
    slaSolutionDateIsPaused: sla && base === 'Stopped',
    slaResponseDate: slaResponse ? stamp(created + slaResponse * MINUTE) : null,
    slaRealResponseDate: sla && firstAgentAction ? firstAgentAction.createdDate : null,
    jiraIssueKey: origin === 11 || rng.chance(0.02) ? `SUP-${rng.int(100, 9999)}` : null,
    redmineIssueId: origin === 12 ? rng.int(1000, 99_999) : null,
    isDeleted: head.isDeleted,
    systemStatus: null,
    movideskTicketNumber: null,
    linkedToIntegratedTicketNumber: null,
    clients,
    actions,
    parentTickets: linked(ctx.index.parents.get(head.id)),
    childrenTickets: linked(ctx.index.children.get(head.id)),
    ownerHistories,
    statusHistories,
    customFieldValues: customFieldValues(TICKET_CUSTOM_FIELDS, rng, ctx.cfPools, created + HOUR, 4),
    assets,
  };
}
