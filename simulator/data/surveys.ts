/**
 * Satisfaction survey responses, kept in creation order: the cursor API returns them in that order
 * and new responses are appended at the end.
 */
import { Rng } from '../prng.js';
import { netStamp, stampToMs } from '../time.js';
import { SURVEY_QUESTIONS, type SurveyQuestion } from './catalog.js';
import { SURVEY_COMMENTS } from './text.js';
import { ticketClients } from './ticket-identity.js';
import type { TicketIndex } from './ticket-index.js';
import type { TicketContext } from './tickets.js';

export interface SurveyResponse {
  id: string;
  questionId: string;
  clientId: string;
  type: number;
  ticketId: number;
  responseDate: string;
  commentary: string | null;
  value: number | null;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SPACE4 = 62 ** 4;

/** Short, unique, non-sequential ids like `pZN7` (a bijection of the sequence number). */
export function surveyId(seed: number, seq: number): string {
  const width = seq < SPACE4 ? 4 : 6;
  const space = 62 ** width;
  let n = (seq * 7_368_787 + (seed % 1000) * 104_729) % space;
  let s = '';
  for (let i = 0; i < width; i++) {
    s = (ALPHABET[n % 62] ?? '0') + s;
    n = Math.floor(n / 62);
  }
  return s;
}

function valueFor(rng: Rng, type: number): number | null {
  if (rng.chance(0.03)) return null;
  if (type === 2)
    return rng.weighted([
      [5, 40],
      [4, 30],
      [3, 15],
      [2, 8],
      [1, 7],
    ] as const);
  if (type === 3)
    return rng.weighted([
      [10, 30],
      [9, 25],
      [8, 15],
      [7, 10],
      [5, 8],
      [3, 7],
      [0, 5],
    ] as const);
  return rng.chance(0.8) ? 1 : 2;
}

export class SurveyStore {
  readonly responses: SurveyResponse[] = [];
  private readonly position = new Map<string, number>();
  private seq = 0;

  constructor(private readonly seed: number) {}

  indexOf(id: string): number | undefined {
    return this.position.get(id);
  }

  append(partial: Omit<SurveyResponse, 'id'>): SurveyResponse {
    const response = { id: surveyId(this.seed, this.seq++), ...partial };
    this.position.set(response.id, this.responses.length);
    this.responses.push(response);
    return response;
  }
}

export function makeResponse(
  rng: Rng,
  ticketId: number,
  clientId: string,
  responseDate: string,
): Omit<SurveyResponse, 'id'> {
  const active = SURVEY_QUESTIONS.filter((q) => q.isActive);
  const question: SurveyQuestion = rng.pick(active);
  return {
    questionId: question.id,
    clientId,
    type: question.type,
    ticketId,
    responseDate,
    commentary: rng.chance(0.4) ? rng.pick(SURVEY_COMMENTS) : null,
    value: valueFor(rng, question.type),
  };
}

export function buildSurveys(ctx: TicketContext, index: TicketIndex, baseNow: number): SurveyStore {
  const rng = new Rng(ctx.seed, 'surveys');
  const pending: { at: number; ticketId: number; clientId: string }[] = [];
  for (const head of index.heads) {
    if ((head.baseStatus !== 'Resolved' && head.baseStatus !== 'Closed') || !rng.chance(0.25)) continue;
    const client = ticketClients(ctx, head.id).find((c) => !c.isDeleted);
    if (!client) continue;
    const created = stampToMs(head.createdDate);
    const at = Math.min(
      baseNow - 1000,
      created + (head.lastUpdateMs - created) * (0.7 + 0.3 * rng.float()) + 60_000,
    );
    pending.push({ at, ticketId: head.id, clientId: client.id });
  }
  pending.sort((a, b) => a.at - b.at || a.ticketId - b.ticketId);
  const store = new SurveyStore(ctx.seed);
  for (const p of pending)
    store.append(makeResponse(rng, p.ticketId, p.clientId, netStamp(p.at, rng.int(0, 9999))));
  return store;
}
