import { shuffled, type Random } from './random.js';

/**
 * Queriers choose which unlabelled record to show next, from the model's scores:
 * - `max`: the most likely relevant (certainty-based, ASReview's default);
 * - `uncertainty`: the one the model is least sure of (score nearest the decision boundary, 0);
 * - `mixed`: `max` 95 % of the time, a random record 5 % (ASReview's max_random);
 * - `random`: any, at random;
 * - `top-down`: import order (the lowest record id), as screening without prioritisation.
 */
export type QuerierName = 'max' | 'uncertainty' | 'mixed' | 'random' | 'top-down';

const MIXED_RANDOM_SHARE = 0.05;

/**
 * The position (in `candidates`) of the record to show next. `candidates` are in import order; `scores[i]` is
 * the score of `candidates[i]`. Ties go to the earlier record.
 */
export function pickNext(querier: QuerierName, scores: Float64Array, random: Random): number {
  const n = scores.length;
  if (n === 0) throw new RangeError('no record left to pick');
  const effective = querier === 'mixed' ? (random.next() < MIXED_RANDOM_SHARE ? 'random' : 'max') : querier;
  if (effective === 'random') return random.below(n);
  if (effective === 'top-down') return 0;
  let best = 0;
  for (let i = 1; i < n; i++)
    if (effective === 'max' ? scores[i]! > scores[best]! : Math.abs(scores[i]!) < Math.abs(scores[best]!))
      best = i;
  return best;
}

/**
 * The whole screening order the querier gives the candidates (positions in `candidates`), for the product's
 * ranking: `max` by score, `uncertainty` by distance to the boundary, `mixed` as `max` with one record in
 * twenty drawn at random, `random` shuffled, `top-down` in import order.
 */
export function rankAll(querier: QuerierName, scores: Float64Array, random: Random): Int32Array {
  const n = scores.length;
  const positions = Array.from({ length: n }, (_, i) => i);
  if (querier === 'top-down') return Int32Array.from(positions);
  if (querier === 'random') return Int32Array.from(shuffled(positions, random));
  const key = (i: number): number => (querier === 'uncertainty' ? Math.abs(scores[i]!) : -scores[i]!);
  positions.sort((a, b) => key(a) - key(b) || a - b);
  if (querier !== 'mixed') return Int32Array.from(positions);
  const out: number[] = [];
  const taken = new Uint8Array(n);
  let cursor = 0;
  while (out.length < n) {
    while (taken[positions[cursor]!]) cursor++;
    let next = positions[cursor]!;
    if (random.next() < MIXED_RANDOM_SHARE)
      do next = positions[cursor + random.below(n - cursor)]!;
      while (taken[next]);
    taken[next] = 1;
    out.push(next);
  }
  return Int32Array.from(out);
}
