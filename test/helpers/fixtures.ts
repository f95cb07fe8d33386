import { readFileSync } from 'node:fs';
import type { JsonRecord } from '../../src/streams/define.js';

const RECORDED = JSON.parse(
  readFileSync(new URL('../fixtures/ticket.recorded.json', import.meta.url), 'utf8'),
) as JsonRecord;

/** The recorded ticket (shape of the API's documented sample) with another id and lastUpdate. */
export function ticketFixture(id: number, lastUpdate: string): JsonRecord {
  const ticket = structuredClone(RECORDED);
  ticket.id = id;
  ticket.lastUpdate = lastUpdate;
  ticket.subject = `Ticket ${id} — ação "urgente" 🚀`;
  return ticket;
}

/** API-style timestamp (no Z, 7 fractional digits) `days` before `now`. */
export function apiTimestamp(now: number, daysAgo: number): string {
  return `${new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 19)}.1234567`;
}
