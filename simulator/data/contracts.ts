/** Hour contracts (/timeAgreement) and their consumption per monthly period (/timeAgreementConsumption). */
import { Rng } from '../prng.js';
import { DAY, HOUR, localDateStamp, MINUTE, minuteStamp, monthStamp, netStamp, timeSpan } from '../time.js';
import { type Activity, EXPENSE_TYPES, TEAMS, type Team, WORK_TYPES } from './catalog.js';
import type { PersonPool, PersonRef } from './person-model.js';
import type { TicketIndex } from './ticket-index.js';
import type { Expense, TicketClient } from './ticket-model.js';

export interface TimeAgreement {
  id: number;
  name: string;
  emailSubject: string | null;
  emailDescription: string | null;
  emailAccount: string | null;
  isActive: boolean;
  differentiateHoursFranchise: boolean;
  differentiateHoursConsumption: boolean;
  accumulateUnusedHours: boolean;
  renewalDay: number;
  contractedHours: number;
  consumptionDeadline: number | null;
  emailSendDay: number | null;
  baseAmount: number;
  createdOn: string;
  disabledDate: string | null;
  typeActivities: {
    id: number;
    workingTimeType: string;
    activity: string;
    franchise: number;
    value: number;
    valueExceededHour: number;
    shootdownContract: boolean;
    allowHoursExcedent: boolean;
    activityId: number;
  }[];
  timeTypeConsumption: {
    id: number;
    workingTimeType: string;
    value: number;
    workingTimeAgreementId: number;
  }[];
  emailDestinations: { type: string; email: string }[];
  clients: TicketClient[];
}

export interface ConsumptionAppointment {
  id: number;
  activity: string;
  date: string;
  periodStart: string;
  periodEnd: string;
  workTime: string;
  workTypeName: string;
  createdBy: PersonRef;
  createdByTeam: Team | null;
  ticketNumber: string;
  actionNumber: number;
}

export interface Consumption {
  /** Closing-record id; 0 while the period is open. */
  id: number;
  name: string;
  baseAmount: number;
  exceededHourAmount: number;
  renewalDay: number;
  contractedHours: number;
  differentiateHoursFranchise: boolean;
  differentiateHoursConsumption: boolean;
  period: string;
  consumedHours: number | null;
  discount: number | null;
  discountType: number | null;
  timeAppointments: ConsumptionAppointment[];
  expenses: Expense[];
  clients: TicketClient[];
}

export function buildContracts(
  seed: number,
  persons: PersonPool,
  activities: readonly Activity[],
  index: TicketIndex,
  baseNow: number,
): { agreements: TimeAgreement[]; consumptions: Consumption[] } {
  const rng = new Rng(seed, 'contracts');
  const count = Math.min(40, Math.max(5, Math.round(persons.all.length / 40)));
  const companies = persons.clients.filter((p) => p.personType === 2);
  const agents = persons.agents;
  const ticketIds = index.heads.filter((h) => h.id > 0).map((h) => h.id);
  const agreements: TimeAgreement[] = [];
  const consumptions: Consumption[] = [];
  const now = new Date(baseNow);
  let closingId = 5000;
  let childSeq = 70_000;
  for (let i = 0; i < count; i++) {
    const company = rng.pick(companies);
    const hours = rng.pick([10, 20, 30, 40, 60, 80]);
    const monthsBack = rng.int(6, 30);
    const createdMs = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth() - monthsBack,
      rng.int(1, 27),
      rng.int(9, 18),
    );
    const active = rng.chance(0.85);
    const renewalDay = rng.int(1, 28);
    const baseAmount = hours * rng.pick([120, 150, 180.5]);
    const ref = persons.refs.get(company.id);
    const clients: TicketClient[] = ref ? [{ ...ref, isDeleted: false, organization: null }] : [];
    const agreement: TimeAgreement = {
      id: 11 + i * 3,
      name: `Contrato ${company.businessName} - ${hours}h${i > 0 && i % 7 === 0 ? ' (renovação)' : ''}`,
      emailSubject: rng.chance(0.6) ? 'Consumo do contrato de horas' : null,
      emailDescription: rng.chance(0.4) ? 'Segue o relatório de consumo do período.\nAtt.' : null,
      emailAccount: rng.chance(0.5) ? 'contratos@empresa.com.br' : null,
      isActive: active,
      differentiateHoursFranchise: rng.chance(0.3),
      differentiateHoursConsumption: rng.chance(0.3),
      accumulateUnusedHours: rng.chance(0.4),
      renewalDay,
      contractedHours: hours,
      consumptionDeadline: rng.chance(0.5) ? rng.pick([1, 3, 6]) : null,
      emailSendDay: rng.chance(0.5) ? rng.int(1, 28) : null,
      baseAmount,
      createdOn: netStamp(createdMs, rng.int(0, 9999)),
      disabledDate: active ? null : netStamp(baseNow - rng.int(1, 120) * DAY, rng.int(0, 9999)),
      typeActivities: rng.sample(activities, rng.int(1, 3)).map((a, k) => ({
        id: 900 + i * 10 + k,
        workingTimeType: rng.pick(WORK_TYPES),
        activity: a.name,
        franchise: rng.int(0, hours),
        value: rng.pick([100, 150, 200]),
        valueExceededHour: rng.pick([180, 220, 250]),
        shootdownContract: rng.chance(0.2),
        allowHoursExcedent: rng.chance(0.7),
        activityId: a.id,
      })),
      timeTypeConsumption: WORK_TYPES.slice(0, rng.int(1, 3)).map((w, k) => ({
        id: 700 + i * 10 + k,
        workingTimeType: w,
        value: k === 0 ? 1 : 1.5,
        workingTimeAgreementId: 11 + i * 3,
      })),
      emailDestinations: rng.chance(0.7) ? [{ type: 'Para', email: `financeiro${i}@cliente.com.br` }] : [],
      clients,
    };
    agreements.push(agreement);

    for (let m = monthsBack; m >= 0; m--) {
      const year = now.getUTCFullYear();
      const month0 = now.getUTCMonth() - m;
      const periodStartMs = Date.UTC(year, month0, 1);
      const open = m === 0;
      const timeAppointments: ConsumptionAppointment[] = Array.from({ length: rng.int(0, 6) }, () => {
        const at = Math.min(baseNow - HOUR, periodStartMs + rng.float() * 28 * DAY);
        const start = rng.int(8 * 60, 17 * 60) * MINUTE;
        const minutes = rng.int(1, 12) * 15;
        const agent = rng.pick(agents);
        const author = persons.refs.get(agent.id) as PersonRef;
        return {
          id: ++childSeq,
          activity: rng.pick(activities).name,
          date: localDateStamp(at),
          periodStart: timeSpan(start),
          periodEnd: timeSpan(start + minutes * MINUTE),
          workTime: timeSpan(minutes * MINUTE),
          workTypeName: rng.pick(WORK_TYPES),
          createdBy: author,
          createdByTeam: persons.teamOf.get(agent.id) ?? rng.pick(TEAMS),
          ticketNumber: String(rng.pick(ticketIds)),
          actionNumber: rng.int(1, 6),
        };
      });
      const expenses: Expense[] = rng.chance(0.3)
        ? [
            {
              id: ++childSeq,
              type: rng.pick(EXPENSE_TYPES),
              serviceReport: '0',
              createdBy: persons.refs.get(rng.pick(agents).id) as PersonRef,
              createdByTeam: null,
              date: minuteStamp(Math.min(baseNow - HOUR, periodStartMs + rng.float() * 27 * DAY)),
              quantity: rng.chance(0.5) ? rng.int(1, 20) : null,
              value: Math.round(rng.float() * 30_000) / 100,
            },
          ]
        : [];
      const consumed = timeAppointments.reduce((sum, a) => sum + parseTime(a.workTime) / HOUR, 0);
      const discountType = rng.chance(0.2) ? rng.pick([0, 1]) : null;
      consumptions.push({
        id: open ? 0 : ++closingId,
        name: agreement.name,
        baseAmount,
        exceededHourAmount: open ? 0 : Math.max(0, consumed - hours) * 220,
        renewalDay,
        contractedHours: hours,
        differentiateHoursFranchise: agreement.differentiateHoursFranchise,
        differentiateHoursConsumption: agreement.differentiateHoursConsumption,
        period: monthStamp(year, month0),
        consumedHours: open ? null : consumed,
        discount: discountType === null ? null : discountType === 0 ? 10 : 150.5,
        discountType,
        timeAppointments,
        expenses,
        clients,
      });
    }
  }
  return { agreements, consumptions };
}

function parseTime(span: string): number {
  const [h = '0', m = '0', s = '0'] = span.split(':');
  return (Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000;
}
