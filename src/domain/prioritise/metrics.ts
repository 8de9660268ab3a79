/**
 * Metrics of a screening order, as ASReview-insights defines them. `labels` are the pool's labels in the order
 * screened (1 relevant), the priors left out: N' = labels.length records, R' relevant among them.
 */

export interface OrderMetrics {
  records: number;
  relevant: number;
  /** Work saved over sampling at 95 % recall (ASReview-insights). */
  wss95: number;
  /** Cohen et al. 2006's stricter form: (N' − screened to reach ⌈0.95 R'⌉) / N' − 0.05. */
  wss95Cohen: number;
  wss100: number;
  /** Share of the relevant found within the first 10 % screened. */
  rrf10: number;
  /** Average time to discovery: mean 1-based position of the relevant records. */
  atd: number;
  /** ATD as a share of N'. */
  atdShare: number;
  /** Records screened until ⌈0.95 R'⌉ relevant were found. */
  screenedTo95: number;
}

/** Round half to even, as NumPy's round does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function relevantCount(labels: Uint8Array): number {
  let r = 0;
  for (const label of labels) r += label;
  return r;
}

/**
 * ASReview-insights' WSS@recall: i = ⌊recall · R'⌋; t = the 0-based position where the i-th relevant record is
 * found; t_random = the first position where round(linspace(0, R', N')) reaches i; WSS = (t_random − t) / N'.
 * @example wss(Uint8Array.from([1, 0, 0, 0]), 1) // 0.5
 */
export function wss(labels: Uint8Array, recall: number): number {
  const n = labels.length;
  const r = relevantCount(labels);
  const i = Math.floor(recall * r);
  if (n === 0 || i === 0) return 0;
  let found = 0;
  let t = -1;
  for (let k = 0; k < n && t < 0; k++) {
    found += labels[k]!;
    if (found >= i) t = k;
  }
  let tRandom = n - 1;
  for (let k = 0; k < n; k++)
    if (roundHalfEven(n === 1 ? r : (k * r) / (n - 1)) >= i) {
      tRandom = k;
      break;
    }
  return (tRandom - t) / n;
}

/** Records screened until at least ⌈recall · R'⌉ relevant were found (N' when never). */
export function screenedToRecall(labels: Uint8Array, recall: number): number {
  const target = Math.ceil(recall * relevantCount(labels) - 1e-9);
  if (target === 0) return 0;
  let found = 0;
  for (let k = 0; k < labels.length; k++) {
    found += labels[k]!;
    if (found >= target) return k + 1;
  }
  return labels.length;
}

/** Cohen et al. 2006's WSS: (N' − screened to ⌈recall R'⌉) / N' − (1 − recall). */
export function wssCohen(labels: Uint8Array, recall: number): number {
  if (labels.length === 0) return 0;
  return (labels.length - screenedToRecall(labels, recall)) / labels.length - (1 - recall);
}

/** Relevant records found within the first ⌊share · N'⌋ screened, over R'. */
export function rrf(labels: Uint8Array, share: number): number {
  const r = relevantCount(labels);
  if (r === 0) return 0;
  const within = Math.floor(share * labels.length);
  let found = 0;
  for (let k = 0; k < within; k++) found += labels[k]!;
  return found / r;
}

/** Mean 1-based position of the relevant records. */
export function averageTimeToDiscovery(labels: Uint8Array): number {
  let sum = 0;
  let r = 0;
  labels.forEach((label, k) => {
    if (label === 1) {
      sum += k + 1;
      r++;
    }
  });
  return r === 0 ? 0 : sum / r;
}

export function orderMetrics(labels: Uint8Array): OrderMetrics {
  const atd = averageTimeToDiscovery(labels);
  return {
    records: labels.length,
    relevant: relevantCount(labels),
    wss95: wss(labels, 0.95),
    wss95Cohen: wssCohen(labels, 0.95),
    wss100: wss(labels, 1),
    rrf10: rrf(labels, 0.1),
    atd,
    atdShare: labels.length === 0 ? 0 : atd / labels.length,
    screenedTo95: screenedToRecall(labels, 0.95),
  };
}
