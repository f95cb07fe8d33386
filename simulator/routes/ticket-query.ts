/**
 * Ticket list evaluation over the head index. Filters and sort keys that only touch head fields
 * (id, lastUpdate, createdDate, isDeleted, baseStatus) never build full tickets, and id-ordered
 * queries stop as soon as the page is full, so keyset paging stays cheap at 100k tickets.
 */
import type { DataStore } from '../data/store.js';
import { HEAD_FIELDS, type TicketHead } from '../data/ticket-index.js';
import type { Ticket } from '../data/ticket-model.js';
import type { BoundQuery } from '../odata/bind.js';
import type { BExpr, OrderKey } from '../odata/bind-filter.js';
import { compareSortKeys, matches, sortKey } from '../odata/evaluate.js';

export interface TicketScan {
  store: DataStore;
  q: BoundQuery;
  top: number;
  /** Route membership and deleted-ticket visibility. */
  visible: (head: TicketHead) => boolean;
  /** The record filters see: the ticket without hidden deleted children. */
  view: (ticket: Ticket) => Ticket;
}

function usesOnlyHeadFields(e: BExpr | null): boolean {
  if (e === null) return true;
  switch (e.k) {
    case 'lit':
      return true;
    case 'path':
      return e.root === null && e.segs.length === 1 && HEAD_FIELDS.has(e.segs[0] ?? '');
    case 'cmp':
    case 'and':
    case 'or':
      return usesOnlyHeadFields(e.l) && usesOnlyHeadFields(e.r);
    case 'not':
      return usesOnlyHeadFields(e.e);
    case 'call':
      return e.args.every(usesOnlyHeadFields);
    case 'lambda':
      return false;
  }
}

/** Bounds on id implied by the top-level `and` chain (e.g. keyset `id gt N`). */
function idBounds(e: BExpr | null): { lo: number; hi: number } {
  const b = { lo: -Infinity, hi: Infinity };
  const visit = (x: BExpr | null) => {
    if (!x) return;
    if (x.k === 'and') {
      visit(x.l);
      visit(x.r);
      return;
    }
    if (x.k !== 'cmp') return;
    let { op, l, r } = x;
    if (r.k === 'path' && l.k === 'lit') {
      [l, r] = [r, l];
      op = ({ gt: 'lt', ge: 'le', lt: 'gt', le: 'ge', eq: 'eq', ne: 'ne' } as const)[op];
    }
    if (l.k !== 'path' || l.root !== null || l.segs.length !== 1 || l.segs[0] !== 'id') return;
    if (r.k !== 'lit' || typeof r.value !== 'number') return;
    const n = r.value;
    if (op === 'gt') b.lo = Math.max(b.lo, Math.floor(n) + 1);
    if (op === 'ge') b.lo = Math.max(b.lo, Math.ceil(n));
    if (op === 'lt') b.hi = Math.min(b.hi, Math.ceil(n) - 1);
    if (op === 'le') b.hi = Math.min(b.hi, Math.floor(n));
    if (op === 'eq') {
      b.lo = Math.max(b.lo, n);
      b.hi = Math.min(b.hi, n);
    }
  };
  visit(e);
  return b;
}

const isIdOrder = (keys: readonly OrderKey[]) =>
  keys.length === 0 || (keys[0]?.segs.length === 1 && keys[0]?.segs[0] === 'id');

/** Returns the heads of the requested page, in order. */
export function scanTickets(scan: TicketScan): TicketHead[] {
  const { store, q, top, visible, view } = scan;
  const headOnly = usesOnlyHeadFields(q.filter);
  const test = (head: TicketHead) =>
    visible(head) && (headOnly ? matches(q.filter, head) : matches(q.filter, view(store.ticket(head))));
  const skip = q.skip ?? 0;
  const heads = store.index.heads;
  if (top === 0) return [];

  if (isIdOrder(q.orderby)) {
    const desc = q.orderby[0]?.desc ?? false;
    const { lo, hi } = idBounds(q.filter);
    const out: TicketHead[] = [];
    let skipped = 0;
    const start = desc
      ? store.index.lowerBound(hi === Infinity ? hi : hi + 1) - 1
      : store.index.lowerBound(lo);
    for (let i = start; desc ? i >= 0 : i < heads.length; desc ? i-- : i++) {
      const head = heads[i];
      if (!head) continue;
      if (desc ? head.id < lo : head.id > hi) break;
      if (!test(head)) continue;
      if (skipped < skip) skipped++;
      else if (out.push(head) >= top) break;
    }
    return out;
  }

  const keys: OrderKey[] = [...q.orderby, { segs: ['id'], desc: false, datetime: false }];
  const sortOnHeads = q.orderby.every((k) => k.segs.length === 1 && HEAD_FIELDS.has(k.segs[0] ?? ''));
  // Sort on precomputed key values: normalizing stamps once, and never holding whole tickets.
  const keyed = heads
    .filter(test)
    .map((head) => ({ head, key: sortKey(sortOnHeads ? head : view(store.ticket(head)), keys) }));
  keyed.sort((a, b) => compareSortKeys(a.key, b.key, keys));
  return keyed.slice(skip, skip + top).map((k) => k.head);
}
