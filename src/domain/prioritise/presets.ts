import type { Balancer } from './balancer.js';
import type { ClassifierOptions } from './classifiers.js';
import type { TfidfOptions } from './features.js';
import type { QuerierName } from './querier.js';

/** A named model: feature extractor + classifier + balancer + querier, as ASReview composes its models. */
export interface Preset {
  name: string;
  description: string;
  features: TfidfOptions;
  classifier: ClassifierOptions;
  balancer: Balancer;
  querier: QuerierName;
}

/** ASReview ELAS u4's features: TF-IDF of unigrams and bigrams, sublinear tf, max df 0.95. */
const BIGRAM_TFIDF = { ngrams: 2, sublinearTf: true, maxDf: 0.95, minDf: 1, keywords: false } as const;

const ELAS_U4: Preset = {
  name: 'elas-u4',
  description:
    "mirrors ASReview's default ELAS u4: TF-IDF of unigrams and bigrams (sublinear tf, max df 0.95) + linear SVM (C 0.11) + balanced weights (the relevant records 9.8 times the irrelevant ones) + maximum",
  features: BIGRAM_TFIDF,
  classifier: { name: 'svm', C: 0.11 },
  balancer: { name: 'balanced', ratio: 9.8 },
  querier: 'max',
};

const ELAS_U3: Preset = {
  name: 'elas-u3',
  description:
    "mirrors ASReview's ELAS u3: TF-IDF of unigrams (sublinear tf, max df 0.95) + multinomial naive Bayes (alpha 3.822) + balanced weights (ratio 1.2) + maximum",
  features: { ...BIGRAM_TFIDF, ngrams: 1 },
  classifier: { name: 'nb', alpha: 3.822 },
  balancer: { name: 'balanced', ratio: 1.2 },
  querier: 'max',
};

const TWOWAY: Preset = {
  name: 'twoway',
  description:
    "Twoway's default: ELAS u4's model with the records' keywords and MeSH headings as features too (chosen by npm run bench:prioritise)",
  features: { ...BIGRAM_TFIDF, keywords: true },
  classifier: { name: 'svm', C: 0.11 },
  balancer: { name: 'balanced', ratio: 9.8 },
  querier: 'max',
};

const LOGISTIC: Preset = {
  name: 'logistic',
  description: 'TF-IDF of unigrams and bigrams + L2 logistic regression (C 1) + balanced weights + maximum',
  features: { ...BIGRAM_TFIDF, keywords: true },
  classifier: { name: 'logistic', C: 1 },
  balancer: { name: 'balanced', ratio: 1 },
  querier: 'max',
};

export const PRESETS: readonly Preset[] = [TWOWAY, ELAS_U4, ELAS_U3, LOGISTIC];

export const DEFAULT_PRESET = TWOWAY.name;

/** The preset of that name; undefined when there is none. */
export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
