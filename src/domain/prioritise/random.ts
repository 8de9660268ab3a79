/**
 * A seeded pseudo-random generator (mulberry32), so that priors, sampling and shuffles are the same for the
 * same seed on every machine: a simulation is deterministic given its seed.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
}

/** @example seededRandom(1).below(10) // the same number on every run */
export function seededRandom(seed: number): Random {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * NumPy's legacy generator (MT19937 seeded as `np.random.RandomState(seed)` seeds it), far enough to draw a
 * record as `RandomState(seed).choice(indices, count, replace=False)` does: a shuffle of 0…n−1 from the last
 * place down, each swap partner drawn by masked rejection from 32-bit outputs, and the first `count` places.
 * ASReview's `simulate --prior-seed s` draws its priors so (a fresh generator for the relevant and one for the
 * irrelevant records), and Twoway's simulation draws them the same way: a run with seed s starts from the same
 * records as ASReview's with `--prior-seed s`.
 * @example numpyChoice([10, 20, 30], 1, 1) // the element NumPy's RandomState(1).choice([10, 20, 30], 1, replace=False) gives
 */
export function numpyChoice<T>(items: readonly T[], count: number, seed: number): T[] {
  const state = new Uint32Array(624);
  state[0] = seed >>> 0;
  for (let i = 1; i < 624; i++) {
    const previous = state[i - 1]!;
    state[i] = (Math.imul(1812433253, previous ^ (previous >>> 30)) + i) >>> 0;
  }
  let at = 624;
  const next = (): number => {
    if (at >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (state[k]! & 0x80000000) | (state[(k + 1) % 624]! & 0x7fffffff);
        state[k] = state[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      at = 0;
    }
    let y = state[at++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  /** An integer in [0, max], as NumPy's random_interval draws it (max below 2^32 here). */
  const interval = (max: number): number => {
    let mask = max;
    for (const shift of [1, 2, 4, 8, 16]) mask |= mask >>> shift;
    for (;;) {
      const value = (next() & mask) >>> 0;
      if (value <= max) return value;
    }
  };
  const order = Array.from(items, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = interval(i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, Math.max(0, count)).map((i) => items[i]!);
}
