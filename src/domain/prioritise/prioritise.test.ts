import { describe, expect, it } from 'vitest';
import { sampleWeights } from './balancer.js';
import { createClassifier } from './classifiers.js';
import {
  countTerms,
  joinTermCounts,
  TermCounter,
  tfidf,
  weighTerms,
  words,
  type FeatureDocument,
} from './features.js';
import { decodeFeatureSnapshot, encodeFeatureSnapshot } from './feature-snapshot.js';
import { grownInt32 } from './grown.js';
import { labelledSet } from './labelled-set.js';
import { WordIds } from './word-ids.js';
import { averageTimeToDiscovery, orderMetrics, rrf, screenedToRecall, wss, wssCohen } from './metrics.js';
import { presetByName, PRESETS } from './presets.js';
import { pickNext, rankAll } from './querier.js';
import { numpyChoice, seededRandom } from './random.js';
import { screeningEstimate } from './screening-estimate.js';
import { simulate } from './simulate.js';
import { simulationReport, simulationSettings } from './simulation-report.js';
import { scoreRows } from './sparse.js';
import {
  consecutiveIrrelevantOutcome,
  hypergeometricCdf,
  randomSampleNeeded,
  recallBelowTargetP,
  statisticalOutcome,
} from './stopping.js';
import { screenedLabel, trainingLabel } from './training-labels.js';
import { renderRecallCurveSvg } from './recall-curve-svg.js';
import type { BibRecord } from '../record/bib-record.js';
import { TwowayError } from '../errors.js';

const plain = { ngrams: 1, sublinearTf: false, maxDf: 1, minDf: 1, keywords: false } as const;

/** A synthetic labelled corpus: relevant records speak of hospital partnerships, the others of soil. */
function corpus(n: number, relevantEvery = 8): { documents: FeatureDocument[]; labels: Uint8Array } {
  const random = seededRandom(99);
  const pick = (list: string[]) => list[random.below(list.length)]!;
  const topic = ['hospital', 'twinning', 'partnership', 'nurses', 'surgery', 'training', 'patients'];
  const other = ['soil', 'nitrogen', 'crops', 'rainfall', 'wheat', 'irrigation', 'yield'];
  const shared = ['study', 'results', 'methods', 'data', 'analysis', 'effect', 'region'];
  const documents: FeatureDocument[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const relevant = i % relevantEvery === 0;
    const vocabulary = relevant ? topic : other;
    const text = Array.from({ length: 30 }, () => (random.next() < 0.5 ? pick(vocabulary) : pick(shared)));
    documents.push({ title: text.slice(0, 6).join(' '), abstract: text.join(' ') });
    labels.push(relevant ? 1 : 0);
  }
  return { documents, labels: Uint8Array.from(labels) };
}

describe('feature extractor', () => {
  it('words are runs of two or more letters or digits, lower-cased', () => {
    expect(words('The HIV-1 study: a Ñandú')).toEqual(['the', 'hiv', 'study', 'ñandú']);
  });

  it('finds by number exactly the words words() finds, on hard text too', () => {
    const texts = [
      'The HIV-1 study: the end',
      // final sigma (lower-cased in context), a dotted capital I (two code units lower), combining marks
      'ΟΔΟΣ ΣΑΣ İstanbul e\u0301te\u0301 ﬁnal ǅemal',
      // letters outside the BMP, a lone surrogate either way, a one-letter word of two code units
      'a𝐀𝐁 𝐀 x \ud800y \udc00yz 😀smile',
      'snake_case 12 3 ab ß ÆØÅ',
      '',
      '   ',
    ];
    const vocabulary = new WordIds();
    for (const text of texts)
      expect([...vocabulary.scan(text)].map((id) => vocabulary.word(id))).toEqual(words(text));
    // one word, one id, whatever text it came from
    const [the] = vocabulary.scan('THE');
    expect(vocabulary.word(the!)).toBe('the');
    expect([...vocabulary.scan('the the The')]).toEqual([the, the, the]);
  });

  it('grows a typed array: at least as asked and twice as long, the old values kept, the new ones filled', () => {
    expect([...grownInt32(Int32Array.of(7), 3, -1)]).toEqual([7, -1, -1]);
    expect([...grownInt32(Int32Array.of(7, 8), 3)]).toEqual([7, 8, 0, 0]);
  });

  it('gives a word seen again its first id when the table has grown many times', () => {
    const vocabulary = new WordIds();
    const many = Array.from({ length: 100_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
    const ids = vocabulary.scan(many).slice();
    expect(vocabulary.size).toBe(100_000);
    expect([...vocabulary.scan(many)]).toEqual([...ids]);
    expect(vocabulary.word(ids[99_999]!)).toBe(`w${(99_999).toString(36)}`);
  });

  it('TF-IDF weights on a tiny corpus are scikit-learn’s (smooth idf, l2 rows)', () => {
    const X = tfidf([{ title: 'cat dog' }, { title: 'cat' }], plain);
    expect(X.columns).toBe(2);
    // idf(cat) = ln(3/3) + 1 = 1; idf(dog) = ln(3/2) + 1 = 1.405465; row 1 = [1, 1.405465] / 1.724896
    const row = (r: number) =>
      Object.fromEntries(
        Array.from({ length: X.indptr[r + 1]! - X.indptr[r]! }, (_, k) => [
          X.indices[X.indptr[r]! + k]!,
          X.values[X.indptr[r]! + k]!,
        ]),
      );
    expect(row(0)[0]).toBeCloseTo(0.579739, 5);
    expect(row(0)[1]).toBeCloseTo(0.814802, 5);
    expect(row(1)[0]).toBeCloseTo(1, 10);
  });

  it('bigrams, sublinear tf, max df, min df and keywords', () => {
    const docs = [
      { title: 'heart failure heart failure', keywords: ['Heart Failure'] },
      { title: 'heart attack' },
      { title: 'kidney failure' },
    ];
    const uni = tfidf(docs, { ...plain });
    expect(uni.columns).toBe(4); // heart, failure, attack, kidney
    expect(tfidf(docs, { ...plain, ngrams: 2 }).columns).toBe(8); // + heart failure, failure heart, heart attack, kidney failure
    expect(tfidf(docs, { ...plain, maxDf: 0.5 }).columns).toBe(2); // heart and failure are in 2 of 3
    expect(tfidf(docs, { ...plain, minDf: 2 }).columns).toBe(2);
    expect(tfidf(docs, { ...plain, keywords: true }).columns).toBe(5);
    const sublinear = tfidf([{ title: 'aa aa aa aa bb' }], { ...plain, sublinearTf: true });
    // tf 4 → 1 + ln 4 = 2.386, tf 1 → 1 (idf 1 in a corpus of one)
    expect(sublinear.values[0]! / sublinear.values[1]!).toBeCloseTo(1 + Math.log(4), 6);
  });

  it('title words as features of their own: there or not, beside the same words of the text', () => {
    const docs = [{ title: 'heart heart', abstract: 'heart failure' }, { abstract: 'heart' }];
    const X = tfidf(docs, { ...plain, titleWords: true });
    // heart, failure; and the title's heart
    expect(X.columns).toBe(3);
    expect([...X.indices.subarray(X.indptr[0]!, X.indptr[1]!)]).toEqual([0, 1, 2]);
    // idf: heart ln(3/3) + 1 = 1; failure and title heart ln(3/2) + 1; tf: heart 3 in the text, title heart 1
    const idf = Math.log(3 / 2) + 1;
    const first = [...X.values.subarray(0, 3)];
    expect(first[0]! / first[1]!).toBeCloseTo(3 / idf, 10);
    expect(first[2]! / first[1]!).toBeCloseTo(1, 10);
    const half = [...tfidf(docs, { ...plain, titleWords: true, titleWordWeight: 0.5 }).values.subarray(0, 3)];
    expect(half[2]! / half[1]!).toBeCloseTo(0.5, 10);
    // the option off: the same matrix as before
    expect(tfidf(docs, plain).columns).toBe(2);
  });
});

describe('feature snapshots', () => {
  const docs: FeatureDocument[] = [
    {
      title: 'Heart failure in Malawi',
      abstract: 'heart heart failure '.repeat(200),
      keywords: ['Heart Failure'],
    },
    { title: 'Kidney disease', abstract: 'ünïcode wörds and 𝒜stral letters' },
    {},
    { title: 'heart attack '.repeat(3000) },
  ];
  const options = {
    ngrams: 2,
    sublinearTf: true,
    maxDf: 0.95,
    minDf: 1,
    keywords: true,
    titleWords: true,
    titleWordWeight: 0.7,
  } as const;
  const snapshot = {
    recordIds: Int32Array.from([3, 70, 71, 200_000]),
    imported: Int8Array.from([1, -1, 0, -1]),
    counted: countTerms(docs, options),
  };

  it('read back, a snapshot weighs into the matrix the text gives', () => {
    const bytes = encodeFeatureSnapshot(snapshot);
    const back = decodeFeatureSnapshot(bytes)!;
    expect([...back.recordIds]).toEqual([3, 70, 71, 200_000]);
    expect([...back.imported]).toEqual([1, -1, 0, -1]);
    expect(back.counted.counts).toContain(3000); // 'heart' 3,000 times: a count of two bytes
    const fromText = tfidf(docs, options);
    const fromSnapshot = weighTerms(back.counted, options);
    expect(fromSnapshot.columns).toBe(fromText.columns);
    expect([...fromSnapshot.indptr]).toEqual([...fromText.indptr]);
    expect([...fromSnapshot.indices]).toEqual([...fromText.indices]);
    expect([...fromSnapshot.values]).toEqual([...fromText.values]);
  });

  it('records counted later by the same counter join the earlier rows as if all were counted at once', () => {
    const more: FeatureDocument[] = [
      { title: 'heart failure in Kenya', keywords: ['Kenya'] },
      { abstract: 'new words here' },
    ];
    const counter = new TermCounter(options);
    const earlier = counter.count(docs);
    const joined = joinTermCounts(earlier, () => true, counter.count(more));
    const together = tfidf([...docs, ...more], options);
    const weighed = weighTerms(joined, options);
    expect([...weighed.indptr]).toEqual([...together.indptr]);
    expect([...weighed.indices]).toEqual([...together.indices]);
    expect([...weighed.values]).toEqual([...together.values]);
    // a record removed: its row leaves, its terms no longer count (the same rows as the others counted alone,
    // up to the order of the columns)
    const without = weighTerms(
      joinTermCounts(earlier, (row) => row !== 0, counter.count([])),
      options,
    );
    const alone = tfidf(docs.slice(1), options);
    expect(without.columns).toBe(alone.columns);
    const sortedRow = (X: typeof alone, row: number) =>
      [...X.values.subarray(X.indptr[row]!, X.indptr[row + 1]!)].sort();
    for (let row = 0; row < alone.rows; row++) expect(sortedRow(without, row)).toEqual(sortedRow(alone, row));
  });

  it('bytes that are not a whole snapshot of this version are not read', () => {
    const bytes = encodeFeatureSnapshot(snapshot);
    expect(decodeFeatureSnapshot(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeFeatureSnapshot(Uint8Array.from([...bytes, 0]))).toBeUndefined();
    expect(decodeFeatureSnapshot(new Uint8Array(0))).toBeUndefined();
    expect(decodeFeatureSnapshot(Uint8Array.from([1, 2, 3]))).toBeUndefined();
    const otherVersion = bytes.slice();
    otherVersion[4] = 99;
    expect(decodeFeatureSnapshot(otherVersion)).toBeUndefined();
    // a header that claims more than the bytes hold
    expect(
      decodeFeatureSnapshot(Uint8Array.from([...bytes.subarray(0, 5), 0xff, 0xff, 0xff, 0x7f])),
    ).toBeUndefined();
  });
});

describe('classifiers', () => {
  const { documents, labels } = corpus(80, 4);
  const X = tfidf(documents, plain);
  const rows = Int32Array.from({ length: 40 }, (_, i) => i);
  const trainLabels = labels.slice(0, 40);
  for (const name of ['nb', 'logistic', 'svm', 'svm+nb'] as const)
    it(`${name} separates separable data: every relevant record scores above every irrelevant one`, () => {
      const model = createClassifier({ name }, seededRandom(1)).fit({
        X,
        rows,
        labels: trainLabels,
        weights: sampleWeights({ name: 'balanced', ratio: 1 }, trainLabels),
      });
      const scores = scoreRows(X, model);
      const held = Array.from({ length: 40 }, (_, i) => i + 40);
      const relevant = held.filter((i) => labels[i] === 1).map((i) => scores[i]!);
      const irrelevant = held.filter((i) => labels[i] === 0).map((i) => scores[i]!);
      expect(Math.min(...relevant)).toBeGreaterThan(Math.max(...irrelevant));
      if (name !== 'svm+nb') expect(Math.min(...relevant)).toBeGreaterThan(0);
    });

  it('the SVM started from its last solution reaches the solution of a fresh start', () => {
    const svm = createClassifier({ name: 'svm', C: 0.11 }, seededRandom(1));
    svm.fit({
      X,
      rows: rows.slice(0, 30),
      labels: trainLabels.slice(0, 30),
      weights: sampleWeights({ name: 'balanced', ratio: 1 }, trainLabels.slice(0, 30)),
    });
    const warm = svm.fit({
      X,
      rows,
      labels: trainLabels,
      weights: sampleWeights({ name: 'balanced', ratio: 1 }, trainLabels),
    });
    const cold = createClassifier({ name: 'svm', C: 0.11 }, seededRandom(2)).fit({
      X,
      rows,
      labels: trainLabels,
      weights: sampleWeights({ name: 'balanced', ratio: 1 }, trainLabels),
    });
    const a = scoreRows(X, warm);
    const b = scoreRows(X, cold);
    for (let i = 0; i < a.length; i++) expect(a[i]!).toBeCloseTo(b[i]!, 2);
  });

  it('balanced weights give each class the same total weight', () => {
    const w = sampleWeights({ name: 'balanced', ratio: 1 }, Uint8Array.from([1, 0, 0, 0]));
    expect([...w]).toEqual([2, 4 / 6, 4 / 6, 4 / 6]);
    expect([...sampleWeights({ name: 'none' }, Uint8Array.from([1, 0]))]).toEqual([1, 1]);
  });

  it("a ratio weighs the relevant records that many times the irrelevant ones, the weights adding up to n (ASReview's balancer)", () => {
    const labels = Uint8Array.from([1, 0, 0, 0, 0, 1, 0]);
    const w = sampleWeights({ name: 'balanced', ratio: 9.8 }, labels);
    const total = (label: number) => [...w].filter((_, i) => labels[i] === label).reduce((a, b) => a + b, 0);
    expect(total(1) / total(0)).toBeCloseTo(9.8, 10);
    expect(total(1) + total(0)).toBeCloseTo(7, 10);
    // one class only: nothing to balance
    expect([...sampleWeights({ name: 'balanced', ratio: 9.8 }, Uint8Array.from([0, 0]))]).toEqual([1, 1]);
  });
});

describe('queriers', () => {
  const scores = Float64Array.from([0.1, 2, -0.05, 1]);
  it('max, uncertainty, top-down and random pick as named', () => {
    expect(pickNext('max', scores, seededRandom(1))).toBe(1);
    expect(pickNext('uncertainty', scores, seededRandom(1))).toBe(2);
    expect(pickNext('top-down', scores, seededRandom(1))).toBe(0);
    expect(pickNext('random', scores, seededRandom(1))).toBe(pickNext('random', scores, seededRandom(1)));
  });
  it('rankAll orders every candidate once', () => {
    expect([...rankAll('max', scores, seededRandom(1))]).toEqual([1, 3, 0, 2]);
    expect([...rankAll('uncertainty', scores, seededRandom(1))]).toEqual([2, 0, 3, 1]);
    const mixed = [
      ...rankAll(
        'mixed',
        Float64Array.from({ length: 500 }, (_, i) => -i),
        seededRandom(3),
      ),
    ];
    expect(new Set(mixed).size).toBe(500);
    // mostly in score order: about one pick in twenty is random
    const inOrder = mixed.filter((p, k) => k === 0 || p > mixed[k - 1]!).length;
    expect(inOrder).toBeGreaterThan(400);
  });
});

describe('metrics (ASReview-insights definitions) on a hand-made ranking', () => {
  // 10 records, 3 relevant, found at positions 1, 2 and 10
  const labels = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  it('WSS, RRF, ATD and records to 95 %', () => {
    // i = floor(0.95·3) = 2 found at index 1; random reaches 2 at index 5 (round(linspace(0,3,10)))
    expect(wss(labels, 0.95)).toBeCloseTo(0.4, 10);
    expect(wss(labels, 1)).toBeCloseTo(-0.1, 10);
    expect(rrf(labels, 0.1)).toBeCloseTo(1 / 3, 10);
    expect(averageTimeToDiscovery(labels)).toBeCloseTo(13 / 3, 10);
    expect(screenedToRecall(labels, 0.95)).toBe(10);
    expect(wssCohen(labels, 0.95)).toBeCloseTo(-0.05, 10);
    expect(orderMetrics(labels).atdShare).toBeCloseTo(13 / 30, 10);
  });
});

describe('stopping rules', () => {
  it('the hypergeometric CDF has its textbook values', () => {
    expect(hypergeometricCdf(0, 10, 5, 2)).toBeCloseTo(10 / 45, 12);
    expect(hypergeometricCdf(2, 10, 5, 2)).toBeCloseTo(1, 12);
    expect(hypergeometricCdf(1, 20, 4, 5)).toBeCloseTo((4368 + 4 * 1820) / 15504, 10);
  });

  it('recall below target: the fewest relevant left that would make it so, and the p of finding none', () => {
    // 19 found, target 0.95: 2 relevant left would put recall at 19/21 < 0.95
    const p = recallBelowTargetP({ urn: 1000, drawn: 500, found: 0, foundBefore: 19 }, 0.95);
    expect(p).toBeCloseTo((500 * 499) / (1000 * 999), 10);
    const needed = randomSampleNeeded(1000, 19, { targetRecall: 0.95, confidence: 0.95 });
    const none = (n: number) => ((1000 - n) * (999 - n)) / (1000 * 999);
    expect(none(needed)).toBeLessThan(0.05);
    expect(none(needed - 1)).toBeGreaterThanOrEqual(0.05);
  });

  it('a perfect ranking stops early with all relevant found; the heuristic stops where the run starts', () => {
    const labels = Uint8Array.from({ length: 2000 }, (_, i) => (i < 50 ? 1 : 0));
    const statistical = statisticalOutcome(labels, 1, { targetRecall: 0.95, confidence: 0.95 });
    expect(statistical.stopped).toBe(true);
    expect(statistical.recall).toBe(1);
    expect(statistical.workSaved).toBeGreaterThan(0.3);
    const heuristic = consecutiveIrrelevantOutcome(labels, 1, 100);
    expect(heuristic.stoppedAfter).toBe(150);
  });

  it('with a truly random sample and recall just below the target, the test rejects at most 5 % of the time', () => {
    // 19 found; 2 of the 1,000 left are relevant (recall 19/21 < 0.95); draw 800 at random, 4,000 times
    const random = seededRandom(5);
    let rejected = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const a = random.below(1000);
      let b = random.below(999);
      if (b >= a) b++;
      const found = (a < 800 ? 1 : 0) + (b < 800 ? 1 : 0);
      if (recallBelowTargetP({ urn: 1000, drawn: 800, found, foundBefore: 19 }, 0.95) < 0.05) rejected++;
    }
    expect(rejected / 4000).toBeLessThanOrEqual(0.05);
    expect(rejected / 4000).toBeGreaterThan(0.02); // P(none of the 2 drawn) = 200·199 / (1000·999) ≈ 0.04
  });

  it('the screening estimate tells records since the last relevant one and the sample needed', () => {
    const estimate = screeningEstimate([1, 0, 1, 0, 0], 1000, {
      stopAfter: 2,
      targetRecall: 0.95,
      confidence: 0.95,
    });
    expect(estimate.sinceLastRelevant).toBe(2);
    expect(estimate.heuristic.reached).toBe(true);
    expect(estimate.statistical.mayStop).toBe(false);
    expect(estimate.statistical.randomSampleNeeded).toBeGreaterThan(0);
    expect(estimate.curve.at(-1)).toEqual({ screened: 5, found: 2 });
  });
});

describe('training labels', () => {
  const votes = (...v: ('include' | 'exclude' | 'maybe')[]) =>
    v.map((value, i) => ({ reviewer: `r${i}`, value }));
  it('decided state first, then (unless blind) votes, a conflict counting as relevant, then prior, then imported', () => {
    expect(
      trainingLabel({ status: { state: 'excluded', votes: votes('include', 'exclude') }, blind: true }),
    ).toBe(0);
    expect(
      trainingLabel({ status: { state: 'conflict', votes: votes('include', 'exclude') }, blind: false }),
    ).toBe(1);
    expect(
      trainingLabel({ status: { state: 'conflict', votes: votes('include', 'exclude') }, blind: true }),
    ).toBeUndefined();
    expect(
      trainingLabel({ status: { state: 'awaiting-second', votes: votes('exclude') }, blind: false }),
    ).toBe(0);
    expect(
      trainingLabel({ status: { state: 'maybe', votes: votes('maybe') }, blind: false }),
    ).toBeUndefined();
    expect(
      trainingLabel({ status: { state: 'unscreened', votes: [] }, blind: false, prior: 1, imported: 0 }),
    ).toBe(1);
    expect(trainingLabel({ status: { state: 'unscreened', votes: [] }, blind: false, imported: 0 })).toBe(0);
    expect(screenedLabel({ state: 'unscreened', votes: [] }, false)).toBeUndefined();
  });
});

describe('simulation', () => {
  const { documents, labels } = corpus(240);
  const preset = presetByName('elas-u4')!;
  const X = tfidf(documents, preset.features);
  it('is deterministic given its seed, and far better than random on a clear topic', () => {
    const a = simulate(X, labels, { preset, seed: 3, priorIncluded: 1, priorExcluded: 1 });
    const b = simulate(X, labels, { preset, seed: 3, priorIncluded: 1, priorExcluded: 1 });
    const c = simulate(X, labels, { preset, seed: 4, priorIncluded: 1, priorExcluded: 1 });
    expect([...a.order]).toEqual([...b.order]);
    expect(a.priors).not.toEqual(c.priors);
    expect(a.order.length).toBe(238);
    expect(new Set(a.order).size).toBe(238);
    expect(a.metrics.wss95).toBeGreaterThan(0.5);
    expect(a.metrics.rrf10).toBeGreaterThan(0.3);
    expect(a.stopping.map((s) => s.rule)).toEqual([
      '50 consecutive irrelevant',
      '100 consecutive irrelevant',
      '200 consecutive irrelevant',
      'hypergeometric, recall ≥ 0.95 at 95 % confidence',
    ]);
  });

  it('every preset runs; the report averages the seeds and draws its curves', () => {
    for (const p of PRESETS) {
      const report = simulationReport(
        { documents, labels, unlabelled: 0 },
        simulationSettings({
          preset: p.name,
          seeds: 2,
          priorIncluded: 1,
          priorExcluded: 1,
          label: 'included',
          targetRecall: 0.95,
          confidence: 0.95,
        }),
      );
      expect(report.runs).toHaveLength(2);
      expect(report.mean.wss95).toBeCloseTo(
        (report.runs[0]!.metrics.wss95 + report.runs[1]!.metrics.wss95) / 2,
        10,
      );
      expect(report.runs[0]!.curve.at(-1)).toEqual({ screened: 238, found: 29 });
    }
  });

  it('refuses an unknown preset, and numbers out of range', () => {
    const base = {
      preset: 'elas-u4',
      seeds: 1,
      priorIncluded: 1,
      priorExcluded: 1,
      label: 'included' as const,
      targetRecall: 0.95,
      confidence: 0.95,
    };
    expect(() => simulationSettings({ ...base, preset: 'gpt' })).toThrow(/no preset "gpt"/);
    expect(() => simulationSettings({ ...base, seeds: 0 })).toThrow(TwowayError);
    expect(() => simulationSettings({ ...base, confidence: 1 })).toThrow(TwowayError);
  });

  it('the recall curve escapes its texts', () => {
    const svg = renderRecallCurveSvg({
      title: '<script>alert(1)</script>',
      records: 10,
      relevant: 2,
      series: [
        {
          label: 'a & b',
          points: [
            { screened: 0, found: 0 },
            { screened: 10, found: 2 },
          ],
        },
      ],
      randomBaseline: true,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('data-series="random"');
  });
});

describe('labelled files', () => {
  const record = (labels?: BibRecord['labels']): BibRecord => ({
    v: 1,
    type: 'article',
    title: 't',
    ...(labels ? { labels } : {}),
  });
  it('a file with no labels, or with one class only, is refused with what was found', () => {
    expect(() => labelledSet([record(), record()], 'included', 'a.csv')).toThrow(
      /a.csv: 2 record\(s\) read, none with final inclusion labels/,
    );
    expect(() =>
      labelledSet([record({ included: 1 }), record({ included: 1 })], 'included', 'b.ris'),
    ).toThrow(/all 2 labelled relevant/);
    const set = labelledSet(
      [record({ included: 1 }), record({ included: 0 }), record()],
      'included',
      'c.csv',
    );
    expect(set.unlabelled).toBe(1);
    expect([...set.labels]).toEqual([1, 0]);
    expect(() =>
      labelledSet([record({ included: 1 }), record({ included: 0 })], 'abstract', 'd.csv'),
    ).toThrow(/title\/abstract labels/);
  });
});

describe('priors drawn as ASReview draws them', () => {
  it('gives what NumPy’s RandomState(seed).choice(range(n), k, replace=False) gives (values from NumPy 2.4)', () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(numpyChoice(range(20), 3, 1)).toEqual([3, 16, 6]);
    expect(numpyChoice(range(20), 3, 2)).toEqual([12, 4, 18]);
    expect(numpyChoice(range(146), 3, 3)).toEqual([25, 6, 3]);
    expect(numpyChoice(range(1949), 3, 5)).toEqual([1334, 767, 1296]);
    expect(numpyChoice(range(16), 3, 4)).toEqual([12, 0, 6]);
    expect(numpyChoice(['a', 'b'], 0, 1)).toEqual([]);
  });
});
