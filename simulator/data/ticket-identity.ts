/**
 * What other parts of the data need to know about a ticket without building it: its subject (shown in
 * linked tickets), its clients (survey responses) and its protocol. Each comes from its own seeded stream.
 */
import { Rng } from '../prng.js';
import { ticketSubjectText } from './text.js';
import type { TicketContext } from './tickets.js';

/** Subjects come from their own stream so linked tickets can show each other's subject cheaply. */
export function ticketSubject(seed: number, id: number): string {
  return ticketSubjectText(new Rng(seed, id, 'subject'));
}

/** Client ids of a ticket, from their own stream (survey responses reuse them). */
export function ticketClients(ctx: TicketContext, id: number): { id: string; isDeleted: boolean }[] {
  const rng = new Rng(ctx.seed, id, 'clients');
  const pool = ctx.persons.clients;
  const count = rng.chance(0.05) ? 0 : rng.chance(0.15) ? 2 : 1;
  // Repeated picks instead of sample(): the pool can hold tens of thousands of persons.
  const out: { id: string; isDeleted: boolean }[] = [];
  for (let k = 0; k < count; k++) out.push({ id: rng.pick(pool).id, isDeleted: false });
  if (rng.chance(0.04)) out.push({ id: rng.pick(pool).id, isDeleted: true });
  return out.filter((c, i) => out.findIndex((o) => o.id === c.id) === i);
}

export function protocolFor(id: number, createdDate: string): string {
  return `MOVI${createdDate.slice(0, 4)}${createdDate.slice(5, 7)}${String(id).padStart(6, '0')}`;
}

export function idFromProtocol(protocol: string): number | null {
  const m = /^MOVI\d{6}(\d{6,})$/.exec(protocol);
  return m?.[1] ? Number(m[1]) : null;
}
