import { TwowayError } from '../errors.js';
import type { BibRecord } from '../record/bib-record.js';
import type { FeatureDocument } from './features.js';

/** What the feature extractor reads of a record: title, abstract, keywords and MeSH descriptors. */
export function featureDocument(
  record: Pick<BibRecord, 'title' | 'abstract' | 'keywords' | 'mesh'>,
): FeatureDocument {
  return {
    title: record.title,
    abstract: record.abstract,
    keywords: [...(record.keywords ?? []), ...(record.mesh ?? []).map((m) => m.descriptor)],
  };
}

/** Which label a simulation reads: the final inclusion (ASReview's `label_included`) or title/abstract's. */
export type LabelColumn = 'included' | 'abstract';

export interface LabelledSet {
  documents: FeatureDocument[];
  labels: Uint8Array;
  /** Records read without the label, left out of the simulation. */
  unlabelled: number;
}

/**
 * The records of a labelled file as a simulation's input. Records without the label are left out (and
 * counted); a file with no labelled record, or labels of one class only, is refused with what was found.
 */
export function labelledSet(records: readonly BibRecord[], column: LabelColumn, file: string): LabelledSet {
  const documents: FeatureDocument[] = [];
  const labels: number[] = [];
  let unlabelled = 0;
  for (const record of records) {
    const label = column === 'included' ? record.labels?.included : record.labels?.abstractIncluded;
    if (label !== 0 && label !== 1) {
      unlabelled++;
      continue;
    }
    documents.push(featureDocument(record));
    labels.push(label);
  }
  const relevant = labels.filter((l) => l === 1).length;
  const where = `${file}: ${records.length} record(s) read`;
  const which =
    column === 'included'
      ? 'final inclusion labels (a label_included / included column, or RIS/EndNote notes ASReview_relevant / ASReview_irrelevant)'
      : 'title/abstract labels (a label_abstract_screening column)';
  if (labels.length === 0)
    throw new TwowayError({ code: 'E_USAGE', message: `${where}, none with ${which}: nothing to simulate` });
  if (relevant === 0 || relevant === labels.length)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `${where}, all ${labels.length} labelled ${relevant === 0 ? 'irrelevant' : 'relevant'}: a simulation needs both relevant and irrelevant records`,
    });
  return { documents, labels: Uint8Array.from(labels), unlabelled };
}
