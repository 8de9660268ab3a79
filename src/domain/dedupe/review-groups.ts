import { foldText } from './keys.js';

/**
 * The duplicate review queue as a reviewer works through it: pairs whose two records share one title that
 * several pairs share ("Editorial Introduction", "Editor's comments") form a group that can be dismissed at once
 * — the title alone brought them together; every other pair stands alone. Groups and pairs keep the queue's
 * order (most likely duplicates first), a group placed by its first pair.
 */

/** A pair of the queue as grouping reads it. */
export interface QueuedPair {
  a: { title?: string | undefined };
  b: { title?: string | undefined };
}

export interface ReviewGroup<P> {
  /** The title the group's pairs share, or undefined for a pair that stands alone. */
  title: string | undefined;
  pairs: P[];
}

/** Pairs sharing one title from this many on form a group. */
export const GROUP_AT = 3;

/**
 * Groups a ranked review queue.
 * @example groupReviewPairs([{ a: { title: 'Editorial' }, b: { title: 'EDITORIAL.' } }]) // [{ title: undefined, pairs: [that pair] }]
 */
export function groupReviewPairs<P extends QueuedPair>(pairs: readonly P[], at = GROUP_AT): ReviewGroup<P>[] {
  const keyOf = (p: P): string | undefined => {
    const [x, y] = [foldText(p.a.title), foldText(p.b.title)];
    return x && x === y ? x : undefined;
  };
  const counts = new Map<string, number>();
  for (const p of pairs) {
    const key = keyOf(p);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: ReviewGroup<P>[] = [];
  const groups = new Map<string, ReviewGroup<P>>();
  for (const p of pairs) {
    const key = keyOf(p);
    if (!key || (counts.get(key) ?? 0) < at) {
      out.push({ title: undefined, pairs: [p] });
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = { title: p.a.title ?? key, pairs: [] };
      groups.set(key, group);
      out.push(group);
    }
    group.pairs.push(p);
  }
  return out;
}
