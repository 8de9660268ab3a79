/**
 * Balancers weigh the few relevant records against the many irrelevant ones before a fit.
 * - `balanced`: each class weighs as much in total (scikit-learn's "balanced" sample weights:
 *   n / (2 · n_class) per record), as ASReview's default model does;
 * - `none`: every record weighs 1.
 */
export type BalancerName = 'balanced' | 'none';

/** @example sampleWeights('balanced', Uint8Array.from([1, 0, 0, 0])) // [2, 0.667, 0.667, 0.667] */
export function sampleWeights(balancer: BalancerName, labels: Uint8Array): Float64Array {
  const weights = new Float64Array(labels.length).fill(1);
  if (balancer === 'none') return weights;
  let relevant = 0;
  for (const label of labels) relevant += label;
  const irrelevant = labels.length - relevant;
  if (relevant === 0 || irrelevant === 0) return weights;
  const n = labels.length;
  for (let i = 0; i < n; i++) weights[i] = labels[i] === 1 ? n / (2 * relevant) : n / (2 * irrelevant);
  return weights;
}
