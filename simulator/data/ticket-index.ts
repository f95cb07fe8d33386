/**
 * The eager, compact part of the ticket data: one small head per ticket (id, dates, status, deleted
 * flag) kept sorted by id, plus the parent/child links. Full tickets are rebuilt from a head on
 * demand, so list queries on head fields never materialise tickets they do not return.
 */
import { Rng } from '../prng.js';
import { DAY, MINUTE, netStamp } from '../time.js';
import type { BaseStatus } from './catalog.js';

export interface TicketHead {
  id: number;
  createdDate: string;
  lastUpdate: string;
  lastUpdateMs: number;
  isDeleted: boolean;
  baseStatus: BaseStatus;
}

export interface TicketLink {
  id: number;
  isDeleted: boolean;
}

/** Fields a $filter/$orderby can use without building the full ticket. */
export const HEAD_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'createdDate',
  'lastUpdate',
  'isDeleted',
  'baseStatus',
]);

const SPAN_MS = 3 * 365 * DAY;

export class TicketIndex {
  readonly heads: TicketHead[] = [];
  private readonly position = new Map<number, number>();
  readonly parents = new Map<number, TicketLink[]>();
  readonly children = new Map<number, TicketLink[]>();

  get size(): number {
    return this.heads.length;
  }

  get(id: number): TicketHead | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.heads[i];
  }

  maxId(): number {
    return this.heads[this.heads.length - 1]?.id ?? 0;
  }

  /** Ids only ever grow, so appending keeps the array sorted. */
  append(head: TicketHead): void {
    if (head.id <= this.maxId() && this.heads.length > 0) throw new Error(`ticket id ${head.id} is not new`);
    this.position.set(head.id, this.heads.length);
    this.heads.push(head);
  }

  replace(head: TicketHead): void {
    const i = this.position.get(head.id);
    if (i === undefined) throw new Error(`unknown ticket ${head.id}`);
    this.heads[i] = head;
  }

  /** Index of the first head whose id is >= `id`. */
  lowerBound(id: number): number {
    let lo = 0;
    let hi = this.heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.heads[mid]?.id ?? 0) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  link(parent: number, child: number, isDeleted: boolean): void {
    const add = (map: Map<number, TicketLink[]>, key: number, link: TicketLink) => {
      const list = map.get(key);
      if (list) list.push(link);
      else map.set(key, [link]);
    };
    add(this.children, parent, { id: child, isDeleted });
    add(this.parents, child, { id: parent, isDeleted });
  }
}

function pickStatus(rng: Rng, ageMs: number): BaseStatus {
  if (ageMs < 20 * DAY) {
    return rng.weighted<BaseStatus>([
      ['New', 12],
      ['InAttendance', 30],
      ['Stopped', 15],
      ['Resolved', 28],
      ['Closed', 8],
      ['Canceled', 7],
    ]);
  }
  return rng.weighted<BaseStatus>([
    ['Resolved', 25],
    ['Closed', 60],
    ['Canceled', 9],
    ['InAttendance', 3],
    ['Stopped', 3],
  ]);
}

/**
 * Head of a generated ticket. `fraction` is the ticket's rank among positive ids: later ids are
 * created later, spread over about three years before `baseNow`. Negative ids are old migrated tickets.
 */
export function generateHead(seed: number, id: number, fraction: number, baseNow: number): TicketHead {
  const rng = new Rng(seed, id, 'head');
  const createdMs =
    id < 0
      ? baseNow - SPAN_MS - rng.int(30, 700) * DAY - rng.float() * DAY
      : Math.min(
          baseNow - SPAN_MS * (1 - fraction) - rng.float() * 2 * DAY,
          baseNow - 10 * MINUTE - rng.float() * DAY,
        );
  const life = rng.weighted<() => number>([
    [() => rng.exp(0.5 * DAY), 45],
    [() => rng.exp(6 * DAY), 35],
    [() => rng.exp(45 * DAY), 15],
    // Old tickets touched again later (reopened, SLA recalculated, merged): spread to "now".
    [() => rng.float() * (baseNow - createdMs), 5],
  ])();
  const lastUpdateMs = Math.min(createdMs + 60_000 + life, baseNow - rng.int(1, 600) * 1000);
  const lastUpdate = netStamp(lastUpdateMs, rng.int(0, 9999));
  return {
    id,
    createdDate: netStamp(createdMs, rng.int(0, 9999)),
    lastUpdate,
    lastUpdateMs: Math.floor(lastUpdateMs),
    isDeleted: rng.chance(id < 0 ? 0.3 : 0.015),
    baseStatus: pickStatus(rng, baseNow - lastUpdateMs),
  };
}

export function buildTicketIndex(seed: number, count: number, baseNow: number): TicketIndex {
  const rng = new Rng(seed, 'ticket-ids');
  const index = new TicketIndex();
  const negatives = count >= 50 ? Math.max(1, Math.round(count * 0.005)) : 0;
  for (let id = -negatives; id < 0; id++) index.append(generateHead(seed, id, 0, baseNow));
  const positives = count - negatives;
  let id = 0;
  for (let rank = 0; rank < positives; rank++) {
    // Gaps: ids of tickets removed for good (merged, purged), found on neither route.
    id += rng.chance(0.03) ? rng.int(2, 4) : 1;
    index.append(generateHead(seed, id, rank / Math.max(1, positives), baseNow));
  }
  const heads = index.heads;
  for (let i = negatives + 10; i < heads.length; i++) {
    const child = heads[i];
    if (!child || !rng.chance(0.04)) continue;
    const parent = heads[rng.int(Math.max(negatives, i - 150), i - 1)];
    if (parent) index.link(parent.id, child.id, rng.chance(0.1));
  }
  return index;
}
