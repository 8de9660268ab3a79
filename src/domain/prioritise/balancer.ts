/**
 * Balancers weigh the few relevant records against the many irrelevant ones before a fit.
 * - `balanced` with a ratio r: the relevant records together weigh r times as much as the irrelevant ones
 *   together, and the weights add up to the number of records — ASReview's "balanced" balancer (r 1 is
 *   scikit-learn's "balanced" sample weights, n / (2 · n_class) per record; ASReview's ELAS u4 uses r 9.8, its
 *   ELAS u3 r 1.2);
 * - `none`: every record weighs 1.
 */
export type Balancer = { name: 'balanced'; ratio: number } | { name: 'none' };

export type BalancerName = Balancer['name'];

/** @example sampleWeights({ name: 'balanced', ratio: 1 }, Uint8Array.from([1, 0, 0, 0])) // [2, 0.667, 0.667, 0.667] */
export function sampleWeights(balancer: Balancer, labels: Uint8Array): Float64Array {
  const weights = new Float64Array(labels.length).fill(1);
  if (balancer.name === 'none') return weights;
  let relevant = 0;
  for (const label of labels) relevant += label;
  const irrelevant = labels.length - relevant;
  if (relevant === 0 || irrelevant === 0) return weights;
  const n = labels.length;
  // relevant records 1 each, irrelevant ones relevant / (ratio · irrelevant) each; then scaled to add up to n
  const irrelevantWeight = relevant / (balancer.ratio * irrelevant);
  const scale = n / (relevant + irrelevant * irrelevantWeight);
  for (let i = 0; i < n; i++) weights[i] = labels[i] === 1 ? scale : irrelevantWeight * scale;
  return weights;
}
