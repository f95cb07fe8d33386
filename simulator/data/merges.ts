/**
 * Ticket merges (`/tickets/merged`): an agent merges duplicate tickets into one; the absorbed tickets
 * stay where they are (both routes still serve them). One group per ticket that absorbed others, with
 * every absorbed ticket and when it was absorbed; the group's `lastUpdate` is its latest merge.
 * Merges are consistent with the tickets: both tickets exist, neither is deleted, the merge happened
 * after both were created and no later than either ticket's lastUpdate (a merge changes both), an
 * absorbed ticket is absorbed once and never absorbs others, and a ticket that absorbed others is never
 * absorbed itself.
 */
import { Rng } from '../prng.js';
import { MINUTE, netStamp, stampToMs } from '../time.js';
import type { TicketHead, TicketIndex } from './ticket-index.js';

export interface MergeGroup {
  /** The ticket the others were merged into. */
  ticketId: number;
  /** Absorbed tickets in merge order, each with its merge time (UTC stamp, whole seconds). */
  merged: { id: number; at: string }[];
}

/** One row per absorbed ticket, as a warehouse holds them. */
export interface TicketMerge {
  ticketId: number;
  mergedTicketId: number;
  /** The group's latest merge (UTC, no offset, whole seconds): what `/tickets/merged` calls lastUpdate. */
  lastUpdate: string;
}

export const lastMerge = (group: MergeGroup): string => group.merged.at(-1)?.at ?? '';

export class MergeStore {
  private readonly groups = new Map<number, MergeGroup>();
  private readonly absorbedInto = new Map<number, number>();

  /** Whether `absorbed` can be merged into `target` without breaking the rules above. */
  canMerge(target: TicketHead, absorbed: TicketHead): boolean {
    return (
      target.id !== absorbed.id &&
      !target.isDeleted &&
      !absorbed.isDeleted &&
      !this.absorbedInto.has(target.id) &&
      !this.absorbedInto.has(absorbed.id) &&
      !this.groups.has(absorbed.id)
    );
  }

  /** Records a merge at `atMs` (cut to whole seconds). Groups are replaced, never mutated (truth snapshots). */
  merge(target: number, absorbed: number, atMs: number): void {
    const at = netStamp(Math.floor(atMs / 1000) * 1000);
    const previous = this.groups.get(target);
    this.groups.set(target, {
      ticketId: target,
      merged: [...(previous?.merged ?? []), { id: absorbed, at }],
    });
    this.absorbedInto.set(absorbed, target);
  }

  isAbsorbed(id: number): boolean {
    return this.absorbedInto.has(id);
  }

  isTarget(id: number): boolean {
    return this.groups.has(id);
  }

  group(target: number): MergeGroup | undefined {
    return this.groups.get(target);
  }

  /** Groups whose latest merge lies in `[fromMs, toMs)`, by that time then ticket id. */
  between(fromMs: number, toMs: number): MergeGroup[] {
    return [...this.groups.values()]
      .filter((group) => {
        const at = stampToMs(lastMerge(group));
        return at >= fromMs && at < toMs;
      })
      .sort((a, b) => lastMerge(a).localeCompare(lastMerge(b)) || a.ticketId - b.ticketId);
  }

  /** Every group as it is now (the objects are never mutated, so this is a snapshot). */
  snapshot(): MergeGroup[] {
    return [...this.groups.values()];
  }
}

/** One row per absorbed ticket, from groups. */
export function mergeRows(groups: readonly MergeGroup[]): TicketMerge[] {
  return groups.flatMap((group) =>
    group.merged.map((m) => ({
      ticketId: group.ticketId,
      mergedTicketId: m.id,
      lastUpdate: lastMerge(group),
    })),
  );
}

/**
 * Merges of the generated history: each ticket, with probability `rate`, is absorbed into one of the
 * ten tickets opened just before it (duplicates are opened close together), at a time both allow.
 */
export function buildMerges(seed: number, index: TicketIndex, rate: number): MergeStore {
  const store = new MergeStore();
  const rng = new Rng(seed, 'merges');
  const heads = index.heads;
  const first = heads.findIndex((head) => head.id > 0);
  if (first < 0) return store;
  const pending: { target: number; absorbed: number; at: number }[] = [];
  for (let i = first + 1; i < heads.length; i++) {
    const absorbed = heads[i] as TicketHead;
    if (!rng.chance(rate)) continue;
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = heads[rng.int(Math.max(first, i - 10), i - 1)] as TicketHead;
      if (!store.canMerge(target, absorbed)) continue;
      const from = Math.max(stampToMs(target.createdDate), stampToMs(absorbed.createdDate)) + MINUTE;
      const to = Math.min(target.lastUpdateMs, absorbed.lastUpdateMs);
      if (from > to) continue;
      const at = from + rng.float() * (to - from);
      // Placeholder so canMerge sees it; the real time is set below, in time order per group.
      store.merge(target.id, absorbed.id, at);
      pending.push({ target: target.id, absorbed: absorbed.id, at });
      break;
    }
  }
  // A group's absorbed tickets are listed in merge order, so rebuild the groups in time order.
  const ordered = new MergeStore();
  for (const m of pending.sort((a, b) => a.at - b.at)) ordered.merge(m.target, m.absorbed, m.at);
  return ordered;
}
