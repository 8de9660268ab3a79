import type { Random } from './random.js';
import { addRow, rowDot, rowSquaredNorm, type LinearModel, type SparseRows } from './sparse.js';

/** The labelled records a classifier learns from: rows of X, their labels (1 relevant) and sample weights. */
export interface TrainingSet {
  readonly X: SparseRows;
  readonly rows: Int32Array;
  readonly labels: Uint8Array;
  readonly weights: Float64Array;
}

export type ClassifierName = 'nb' | 'logistic' | 'svm' | 'svm+nb';

export interface ClassifierOptions {
  name: ClassifierName;
  /** Naive Bayes' additive smoothing. */
  alpha?: number;
  /** Logistic regression's and the SVM's inverse regularisation strength. */
  C?: number;
}

/**
 * A classifier learns a linear model from a training set. It may keep what it learnt between fits (the SVM
 * starts from its last solution), so one instance serves one review; the result depends only on the sets it
 * was given, in order, and on its random source.
 */
export interface Classifier {
  readonly name: ClassifierName;
  fit(set: TrainingSet): LinearModel;
}

/** @example createClassifier({ name: 'svm', C: 0.11 }, seededRandom(1)) */
export function createClassifier(options: ClassifierOptions, random: Random): Classifier {
  switch (options.name) {
    case 'nb':
      return { name: 'nb', fit: (set) => naiveBayes(set, options.alpha ?? 3.822) };
    case 'logistic':
      return logisticRegression(options.C ?? 1);
    case 'svm':
      return linearSvm(options.C ?? 0.11, random);
    case 'svm+nb':
      return svmPlusNaiveBayes(linearSvm(options.C ?? 0.11, random), options.alpha ?? 3.822);
  }
}

/** The spread of a model's scores over every row of X (1 when they do not vary). */
function scoreSpread(X: SparseRows, model: LinearModel): number {
  let sum = 0;
  let squares = 0;
  for (let row = 0; row < X.rows; row++) {
    const s = rowDot(X, row, model.weights);
    sum += s;
    squares += s * s;
  }
  const variance = squares / X.rows - (sum / X.rows) ** 2;
  return variance > 1e-24 ? Math.sqrt(variance) : 1;
}

/**
 * An ensemble of the linear SVM and naive Bayes: each model's scores scaled to unit spread over the records,
 * then added — still one linear model (the weights add up), so scoring costs no more.
 */
function svmPlusNaiveBayes(svm: Classifier, alpha: number): Classifier {
  return {
    name: 'svm+nb',
    fit(set) {
      const a = svm.fit(set);
      const b = naiveBayes(set, alpha);
      const sa = scoreSpread(set.X, a);
      const sb = scoreSpread(set.X, b);
      const weights = new Float64Array(a.weights.length);
      for (let j = 0; j < weights.length; j++) weights[j] = a.weights[j]! / sa + b.weights[j]! / sb;
      return { weights, bias: a.bias / sa + b.bias / sb };
    },
  };
}

/**
 * Multinomial naive Bayes on the feature weights (as scikit-learn's MultinomialNB with sample weights): the
 * log-odds log P(relevant | x) − log P(irrelevant | x), linear in x.
 */
export function naiveBayes(set: TrainingSet, alpha: number): LinearModel {
  const { X } = set;
  const featureCount = [new Float64Array(X.columns), new Float64Array(X.columns)] as const;
  const classWeight = [0, 0];
  set.rows.forEach((row, i) => {
    const label = set.labels[i]!;
    classWeight[label]! += set.weights[i]!;
    addRow(X, row, set.weights[i]!, label === 1 ? featureCount[1] : featureCount[0]);
  });
  const totals = featureCount.map((counts) => counts.reduce((a, b) => a + b, 0) + alpha * X.columns);
  const weights = new Float64Array(X.columns);
  for (let j = 0; j < X.columns; j++)
    weights[j] =
      Math.log((featureCount[1][j]! + alpha) / totals[1]!) -
      Math.log((featureCount[0][j]! + alpha) / totals[0]!);
  const bias = Math.log(Math.max(classWeight[1]!, 1e-12)) - Math.log(Math.max(classWeight[0]!, 1e-12));
  return { weights, bias };
}

/**
 * A linear support vector machine with squared hinge loss and L2 penalty, the intercept as a regularised
 * constant feature (as liblinear and scikit-learn's LinearSVC do), solved by dual coordinate descent (Hsieh et
 * al. 2008) with per-sample C·weight. Between fits it keeps each record's dual variable, so a retrain after one
 * more label starts from the last solution.
 */
export function linearSvm(C: number, random: Random, tolerance = 1e-4, maxEpochs = 1000): Classifier {
  // What the last fit left: w = Σ αᵢ yᵢ xᵢ (bias as the constant feature) over the records it learnt from.
  let state:
    | { X: SparseRows; w: Float64Array; bias: number; dual: Map<number, { alpha: number; y: number }> }
    | undefined;
  return {
    name: 'svm',
    fit(set) {
      const { X, rows } = set;
      const n = rows.length;
      if (state?.X !== X) state = { X, w: new Float64Array(X.columns), bias: 0, dual: new Map() };
      const { w, dual } = state;
      let bias = state.bias;
      const alpha = new Float64Array(n);
      const y = new Float64Array(n);
      const diagonal = new Float64Array(n);
      const q = new Float64Array(n);
      const indexOf = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        y[i] = set.labels[i] === 1 ? 1 : -1;
        diagonal[i] = 1 / (2 * C * set.weights[i]!);
        q[i] = rowSquaredNorm(X, rows[i]!) + 1 + diagonal[i]!;
        indexOf.set(rows[i]!, i);
        const kept = dual.get(rows[i]!);
        if (kept && kept.y === y[i]) alpha[i] = kept.alpha;
      }
      // A record no longer learnt from, or relabelled, gives back what it added to w.
      for (const [row, kept] of dual) {
        const i = indexOf.get(row);
        if (kept.alpha !== 0 && (i === undefined || y[i] !== kept.y)) {
          addRow(X, row, -kept.alpha * kept.y, w);
          bias -= kept.alpha * kept.y;
        }
      }
      // liblinear's shrinking: a record at its bound whose gradient says it stays there is set aside until the
      // active ones converge, then everything is checked once more.
      const order = Int32Array.from({ length: n }, (_, i) => i);
      let active = n;
      let maxOld = Infinity;
      for (let epoch = 0; epoch < maxEpochs; epoch++) {
        for (let i = active - 1; i > 0; i--) {
          const j = random.below(i + 1);
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
        }
        let maxPg = -Infinity;
        let minPg = Infinity;
        for (let s = 0; s < active; s++) {
          const i = order[s]!;
          const row = rows[i]!;
          const g = y[i]! * (rowDot(X, row, w) + bias) - 1 + diagonal[i]! * alpha[i]!;
          let pg = g;
          if (alpha[i] === 0) {
            if (g > maxOld) {
              active--;
              order[s] = order[active]!;
              order[active] = i;
              s--;
              continue;
            }
            pg = Math.min(g, 0);
          }
          maxPg = Math.max(maxPg, pg);
          minPg = Math.min(minPg, pg);
          if (pg === 0) continue;
          const next = Math.max(alpha[i]! - g / q[i]!, 0);
          const step = (next - alpha[i]!) * y[i]!;
          if (step !== 0) {
            addRow(X, row, step, w);
            bias += step;
          }
          alpha[i] = next;
        }
        if (maxPg - minPg <= tolerance) {
          if (active === n) break;
          active = n;
          maxOld = Infinity;
          continue;
        }
        maxOld = maxPg <= 0 ? Infinity : maxPg;
      }
      dual.clear();
      for (let i = 0; i < n; i++) dual.set(rows[i]!, { alpha: alpha[i]!, y: y[i]! });
      state.bias = bias;
      return { weights: w.slice(), bias };
    },
  };
}

/**
 * L2-regularised logistic regression (intercept not penalised, per-sample weights), fitted by L-BFGS from the
 * last solution: minimises ½‖w‖² + C Σ weightᵢ log(1 + exp(−yᵢ(w·xᵢ + b))).
 */
export function logisticRegression(C: number, maxIterations = 200, tolerance = 1e-6): Classifier {
  let last: { weights: Float64Array; bias: number } | undefined;
  return {
    name: 'logistic',
    fit(set) {
      const { X, rows } = set;
      const d = X.columns + 1;
      const theta = new Float64Array(d);
      if (last && last.weights.length === X.columns) {
        theta.set(last.weights);
        theta[X.columns] = last.bias;
      }
      const evaluate = (t: Float64Array, gradient: Float64Array): number => {
        let loss = 0;
        gradient.fill(0);
        for (let j = 0; j < X.columns; j++) {
          loss += 0.5 * t[j]! * t[j]!;
          gradient[j] = t[j]!;
        }
        const view = t.subarray(0, X.columns);
        for (let i = 0; i < rows.length; i++) {
          const yi = set.labels[i] === 1 ? 1 : -1;
          const margin = yi * (rowDot(X, rows[i]!, view) + t[X.columns]!);
          const cw = C * set.weights[i]!;
          loss += cw * (margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin)));
          const sigma = 1 / (1 + Math.exp(margin));
          const coefficient = -cw * yi * sigma;
          for (let k = X.indptr[rows[i]!]!; k < X.indptr[rows[i]! + 1]!; k++)
            gradient[X.indices[k]!]! += coefficient * X.values[k]!;
          gradient[X.columns]! += coefficient;
        }
        return loss;
      };
      lbfgs(theta, evaluate, maxIterations, tolerance);
      last = { weights: theta.slice(0, X.columns), bias: theta[X.columns]! };
      return last;
    },
  };
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Limited-memory BFGS with a backtracking (Armijo) line search; minimises f in place from x. */
function lbfgs(
  x: Float64Array,
  f: (x: Float64Array, gradient: Float64Array) => number,
  maxIterations: number,
  tolerance: number,
  memory = 7,
): void {
  const d = x.length;
  let gradient = new Float64Array(d);
  let value = f(x, gradient);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  const direction = new Float64Array(d);
  const trial = new Float64Array(d);
  let trialGradient = new Float64Array(d);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.sqrt(dot(gradient, gradient)) <= tolerance * Math.max(1, Math.sqrt(dot(x, x)))) return;
    direction.set(gradient);
    const alphas: number[] = [];
    for (let h = history.length - 1; h >= 0; h--) {
      const { s, y, rho } = history[h]!;
      const a = rho * dot(s, direction);
      alphas[h] = a;
      for (let i = 0; i < d; i++) direction[i]! -= a * y[i]!;
    }
    const newest = history[history.length - 1];
    const gamma = newest
      ? dot(newest.s, newest.y) / dot(newest.y, newest.y)
      : 1 / Math.max(1, Math.sqrt(dot(gradient, gradient)));
    for (let i = 0; i < d; i++) direction[i]! *= gamma;
    for (let h = 0; h < history.length; h++) {
      const { s, y, rho } = history[h]!;
      const b = rho * dot(y, direction);
      for (let i = 0; i < d; i++) direction[i]! += s[i]! * (alphas[h]! - b);
    }
    const slope = -dot(gradient, direction);
    if (slope >= 0) {
      history.length = 0;
      direction.set(gradient);
    }
    let step = 1;
    let trialValue = Infinity;
    for (let search = 0; search < 30; search++) {
      for (let i = 0; i < d; i++) trial[i] = x[i]! - step * direction[i]!;
      trialValue = f(trial, trialGradient);
      if (trialValue <= value - 1e-4 * step * dot(gradient, direction)) break;
      step /= 2;
    }
    if (!(trialValue < value)) return;
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      s[i] = trial[i]! - x[i]!;
      y[i] = trialGradient[i]! - gradient[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > memory) history.shift();
    }
    x.set(trial);
    [gradient, trialGradient] = [trialGradient, gradient];
    const improvement = value - trialValue;
    value = trialValue;
    if (improvement <= tolerance * Math.max(1, Math.abs(value))) return;
  }
}
