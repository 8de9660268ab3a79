import type { BibRecord } from '../record/bib-record.js';
import type { WriteOptions } from '../formats/contract.js';
import { STAGES, type RecordStatus, type Stage } from './decisions.js';

/**
 * The team's work on a record as an export carries it: per stage its state, each vote (reviewer: value) with
 * its reason and note, and the team's tags — in columns of their own in a CSV (as Covidence and Rayyan export
 * a screening table), as notes elsewhere (RIS N1, MEDLINE GN, EndNote %Z, BibTeX note), the way Rayyan writes
 * its decisions into RIS notes. What an export holds of the votes is what its reader may see: the caller
 * passes statuses through visibleStatus first.
 */

export interface RecordReview {
  /** The record's status at each stage (as the exporting member may see it). */
  stages: Partial<Record<Stage, RecordStatus>>;
  tags: readonly string[];
}

const STAGE_COLUMN: Record<Stage, string> = { 'title-abstract': 'title_abstract', 'full-text': 'full_text' };
const STAGE_WORDS: Record<Stage, string> = { 'title-abstract': 'title/abstract', 'full-text': 'full text' };

/** The CSV columns of the team's work, after the record's own. */
export const REVIEW_COLUMNS: readonly string[] = [
  ...STAGES.flatMap((s) => ['state', 'votes', 'reasons', 'notes'].map((c) => `${STAGE_COLUMN[s]}_${c}`)),
  'tags',
];

/** A stage's votes, reasons and notes in words: "ana: include; ben: exclude". */
function stageParts(status: RecordStatus): { votes: string; reasons: string; notes: string } {
  const reasons = status.votes.filter((v) => v.reason).map((v) => `${v.reviewer}: ${v.reason}`);
  if (status.resolvedBy && status.reason) reasons.push(`${status.resolvedBy} (decided): ${status.reason}`);
  return {
    votes: [
      ...status.votes.map((v) => `${v.reviewer}: ${v.value}`),
      ...(status.resolvedBy ? [`${status.resolvedBy}: decided ${status.state}`] : []),
    ].join('; '),
    reasons: reasons.join('; '),
    notes: status.votes
      .filter((v) => v.note)
      .map((v) => `${v.reviewer}: ${v.note}`)
      .join(' | '),
  };
}

/**
 * The values of REVIEW_COLUMNS for a record, in their order.
 * @example reviewColumnValues({ stages: { 'title-abstract': { recordId: 1, stage: 'title-abstract', state: 'included', votes: [{ reviewer: 'ana', value: 'include' }] } }, tags: ['RCT'] })
 * // ['included', 'ana: include', '', '', '', '', '', '', 'RCT']
 */
export function reviewColumnValues(review: RecordReview): string[] {
  return [
    ...STAGES.flatMap((s) => {
      const status = review.stages[s];
      if (!status) return ['', '', '', ''];
      const { votes, reasons, notes } = stageParts(status);
      return [status.state, votes, reasons, notes];
    }),
    review.tags.join('; '),
  ];
}

/**
 * The team's work as notes: one a stage that anyone screened, one for the tags.
 * @example reviewNotes({ stages: { 'title-abstract': { recordId: 1, stage: 'title-abstract', state: 'excluded', votes: [{ reviewer: 'ben', value: 'exclude', reason: 'wrong population' }] } }, tags: [] })
 * // ['Twoway title/abstract: excluded; votes: ben: exclude; reasons: ben: wrong population']
 */
export function reviewNotes(review: RecordReview): string[] {
  const notes = STAGES.flatMap((s) => {
    const status = review.stages[s];
    if (!status || (status.state === 'unscreened' && status.votes.length === 0)) return [];
    const { votes, reasons, notes: said } = stageParts(status);
    return [
      [
        `Twoway ${STAGE_WORDS[s]}: ${status.state}`,
        votes && `votes: ${votes}`,
        reasons && `reasons: ${reasons}`,
        said && `notes: ${said}`,
      ]
        .filter(Boolean)
        .join('; '),
    ];
  });
  if (review.tags.length > 0) notes.push(`Twoway tags: ${review.tags.join('; ')}`);
  return notes;
}

/**
 * Records and writer options that carry the team's work in a format: a CSV gets REVIEW_COLUMNS, every other
 * format the work as notes after the record's own.
 */
export function withReview(
  exported: readonly { record: BibRecord; review: RecordReview }[],
  formatId: string,
): { records: BibRecord[]; options: WriteOptions } {
  if (formatId === 'csv') {
    const reviews = new Map(exported.map((e) => [e.record, e.review]));
    return {
      records: exported.map((e) => e.record),
      options: {
        columns: {
          names: REVIEW_COLUMNS,
          values: (r) => {
            const review = reviews.get(r);
            return review ? reviewColumnValues(review) : REVIEW_COLUMNS.map(() => '');
          },
        },
      },
    };
  }
  return {
    records: exported.map(({ record, review }) => {
      const notes = reviewNotes(review);
      return notes.length > 0 ? { ...record, notes: [...(record.notes ?? []), ...notes] } : record;
    }),
    options: {},
  };
}
