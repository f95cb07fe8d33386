/** One ticket action with its time appointments, expenses and attachments. */
import type { Rng } from '../prng.js';
import { DAY, HOUR, localDateStamp, MINUTE, minuteStamp, netStamp, timeSpan } from '../time.js';
import { type Activity, EXPENSE_TYPES, type Team, WORK_TYPES } from './catalog.js';
import type { PersonRef } from './person-model.js';
import { AGENT_REPLIES, customerMessage, FILE_NAMES, toHtml } from './text.js';
import type { Action, Attachment, Expense, TimeAppointment } from './ticket-model.js';

export interface ActionPlan {
  at: number;
  author: PersonRef;
  authorTeam: Team | null;
  byAgent: boolean;
  origin: number;
  type: number;
  status: string;
  justification: string | null;
  /** The first action is never deleted. */
  deletable: boolean;
}

/** Ids of appointments and expenses are unique per tenant; derive them from the ticket id. */
export function childId(ticketId: number, seq: number): number {
  return (ticketId < 0 ? 900_000_000 : 0) + Math.abs(ticketId) * 64 + seq;
}

export interface ChildCounters {
  appointments: number;
  expenses: number;
}

function appointment(
  rng: Rng,
  ticketId: number,
  plan: ActionPlan,
  counters: ChildCounters,
  activities: readonly Activity[],
): TimeAppointment {
  const localStart = (((plan.at - 3 * HOUR) % DAY) + DAY) % DAY;
  const start = Math.max(0, localStart - rng.int(5, 240) * MINUTE);
  const precise = rng.chance(0.5);
  const startMs = precise ? start + rng.int(0, 59_999) : Math.floor(start / MINUTE) * MINUTE;
  const durationMs = precise ? rng.int(60_000, 4 * HOUR) : rng.int(1, 16) * 15 * MINUTE;
  const endMs = Math.min(startMs + durationMs, DAY - 1000);
  const startTicks = precise ? rng.int(0, 9999) : 0;
  const workMs = endMs - startMs;
  counters.appointments += 1;
  return {
    id: childId(ticketId, counters.appointments),
    activity: rng.pick(activities).name,
    date: localDateStamp(plan.at),
    periodStart: timeSpan(startMs, startTicks),
    periodEnd: timeSpan(endMs, startTicks),
    workTime: timeSpan(workMs),
    accountedTime: workMs / HOUR,
    workTypeName: rng.weighted([
      [WORK_TYPES[0], 8],
      [WORK_TYPES[1], 2],
      [WORK_TYPES[2], 1],
    ] as const),
    createdBy: plan.author,
    createdByTeam: plan.authorTeam,
  };
}

function expense(rng: Rng, ticketId: number, plan: ActionPlan, counters: ChildCounters): Expense {
  counters.expenses += 1;
  const byQuantity = rng.chance(0.3);
  return {
    id: childId(ticketId, counters.expenses),
    type: rng.pick(EXPENSE_TYPES),
    serviceReport: '0',
    createdBy: plan.author,
    createdByTeam: rng.chance(0.5) ? plan.authorTeam : null,
    date: minuteStamp(plan.at - rng.int(0, 48) * HOUR),
    quantity: byQuantity ? rng.int(1, 20) : null,
    value: byQuantity && rng.chance(0.5) ? null : Math.round(rng.float() * 50_000) / 100,
  };
}

function attachment(rng: Rng, plan: ActionPlan): Attachment {
  return {
    fileName: rng.pick(FILE_NAMES),
    path: rng.hex(32),
    createdBy: plan.author,
    createdDate: netStamp(plan.at + rng.int(1, 90) * 1000, rng.int(0, 9999)),
  };
}

export function buildAction(
  rng: Rng,
  ticketId: number,
  seq: number,
  plan: ActionPlan,
  counters: ChildCounters,
  activities: readonly Activity[],
): Action {
  const description = plan.byAgent ? rng.pick(AGENT_REPLIES) : customerMessage(rng);
  const timeAppointments: TimeAppointment[] = [];
  const expenses: Expense[] = [];
  if (plan.byAgent && rng.chance(0.35)) {
    for (let i = rng.int(1, 2); i > 0; i--)
      timeAppointments.push(appointment(rng, ticketId, plan, counters, activities));
  }
  if (plan.byAgent && rng.chance(0.06)) {
    for (let i = rng.int(1, 2); i > 0; i--) expenses.push(expense(rng, ticketId, plan, counters));
  }
  const attachments = rng.chance(0.1)
    ? Array.from({ length: rng.int(1, 2) }, () => attachment(rng, plan))
    : [];
  return {
    id: seq,
    type: plan.type,
    origin: plan.origin,
    description,
    htmlDescription: toHtml(description),
    status: plan.status,
    justification: plan.justification,
    createdDate: netStamp(plan.at, rng.int(0, 9999)),
    createdBy: plan.author,
    isDeleted: plan.deletable && rng.chance(0.04),
    timeAppointments,
    expenses,
    attachments,
    tags: rng.chance(0.05) ? ['retorno'] : [],
  };
}
