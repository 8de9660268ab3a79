import type { RecordState } from '../screening/decisions.js';
import { PRISMA_LABELS, type PrismaDataName } from './prisma-labels.js';
import { sourceKind, type SourceKind } from './sources.js';

/**
 * PRISMA 2020 flow counts (Page et al. 2021), computed from what a review stored: searches per source, the
 * records left after deduplication with their screening states, and full-text outcomes. Names follow the data
 * names of the PRISMA2020 R package's template, so its flow diagram can be drawn from our CSV too.
 */

export interface PrismaSearch {
  source: string;
  records: number;
}

export interface PrismaRecord {
  /** Where the record came from: databases/registers (`dbr`) or other methods (`other`). */
  origin: 'dbr' | 'other';
  titleAbstract: RecordState;
  fullText?: RecordState;
  /** The full text could not be obtained. */
  notRetrieved?: boolean;
  /** The exclusion reason at full text. */
  fullTextReason?: string;
}

export interface PrismaInput {
  searches: PrismaSearch[];
  /** Records removed as duplicates (cluster members other than the canonical record). */
  duplicates: number;
  excludedAutomatic?: number;
  excludedOther?: number;
  /** One entry per record left after deduplication. */
  records: PrismaRecord[];
}

export interface PrismaCounts {
  database_results: number;
  database_specific_results: { source: string; n: number }[];
  register_results: number;
  website_results: number;
  organisation_results: number;
  citations_results: number;
  /** Not in the template: other methods that are none of the three above (hand-searching, experts). */
  other_methods_results: number;
  duplicates: number;
  excluded_automatic: number;
  excluded_other: number;
  records_screened: number;
  records_excluded: number;
  dbr_sought_reports: number;
  dbr_notretrieved_reports: number;
  dbr_assessed: number;
  dbr_excluded: { reason: string; n: number }[];
  other_sought_reports: number;
  other_notretrieved_reports: number;
  other_assessed: number;
  other_excluded: { reason: string; n: number }[];
  new_studies: number;
  new_reports: number;
  total_studies: number;
  total_reports: number;
  /** Not in the template: records still waiting for a title/abstract or full-text decision. */
  pending_screening: number;
  pending_full_text: number;
}

function reasons(records: PrismaRecord[]): { reason: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    const reason = r.fullTextReason?.trim() || 'No reason given';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, n]) => ({ reason, n }))
    .sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason));
}

function isDecided(state: RecordState | undefined): boolean {
  return state === 'included' || state === 'excluded';
}

/**
 * Computes the flow. Records from other methods go straight to retrieval (PRISMA's right-hand column) unless
 * they were excluded at title/abstract. Every study has one report until reports are linked to studies.
 * @example prismaCounts({ searches: [{ source: 'pubmed', records: 10 }], duplicates: 2, records: [] }).database_results // 10
 */
export function prismaCounts(input: PrismaInput): PrismaCounts {
  const byKind = (kind: SourceKind): number =>
    input.searches.filter((s) => sourceKind(s.source) === kind).reduce((sum, s) => sum + s.records, 0);
  const perDatabase = new Map<string, number>();
  for (const s of input.searches)
    if (sourceKind(s.source) === 'database')
      perDatabase.set(s.source, (perDatabase.get(s.source) ?? 0) + s.records);
  const dbr = input.records.filter((r) => r.origin === 'dbr');
  const other = input.records.filter((r) => r.origin === 'other');
  const column = (list: PrismaRecord[], screened: boolean) => {
    const sought = screened
      ? list.filter((r) => r.titleAbstract === 'included')
      : list.filter((r) => r.titleAbstract !== 'excluded');
    const notRetrieved = sought.filter((r) => r.notRetrieved);
    const assessed = sought.filter((r) => !r.notRetrieved && isDecided(r.fullText));
    return {
      sought: sought.length,
      notRetrieved: notRetrieved.length,
      assessed: assessed.length,
      excluded: reasons(assessed.filter((r) => r.fullText === 'excluded')),
      included: assessed.filter((r) => r.fullText === 'included').length,
      pendingFullText: sought.filter((r) => !r.notRetrieved && !isDecided(r.fullText)).length,
    };
  };
  const left = column(dbr, true);
  const right = column(other, false);
  const newStudies = left.included + right.included;
  return {
    database_results: byKind('database'),
    database_specific_results: [...perDatabase].map(([source, n]) => ({ source, n })),
    register_results: byKind('register'),
    website_results: byKind('website'),
    organisation_results: byKind('organisation'),
    citations_results: byKind('citation'),
    other_methods_results: byKind('other'),
    duplicates: input.duplicates,
    excluded_automatic: input.excludedAutomatic ?? 0,
    excluded_other: input.excludedOther ?? 0,
    records_screened: dbr.filter((r) => isDecided(r.titleAbstract)).length,
    records_excluded: dbr.filter((r) => r.titleAbstract === 'excluded').length,
    dbr_sought_reports: left.sought,
    dbr_notretrieved_reports: left.notRetrieved,
    dbr_assessed: left.assessed,
    dbr_excluded: left.excluded,
    other_sought_reports: right.sought,
    other_notretrieved_reports: right.notRetrieved,
    other_assessed: right.assessed,
    other_excluded: right.excluded,
    new_studies: newStudies,
    new_reports: newStudies,
    total_studies: newStudies,
    total_reports: newStudies,
    pending_screening: dbr.filter((r) => !isDecided(r.titleAbstract)).length,
    pending_full_text: left.pendingFullText + right.pendingFullText,
  };
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** "Reason1, 3; Reason2, 1": how the template writes lists of reasons and of databases. */
export function formatReasonList(list: { reason?: string; source?: string; n: number }[]): string {
  return list.map((x) => `${x.reason ?? x.source}, ${x.n}`).join('; ');
}

/**
 * The counts as a CSV with the PRISMA2020 template's columns (data, node, box, description, boxtext, tooltips,
 * url, n): `PRISMA2020::read_PRISMAdata()` reads it.
 */
export function prismaTemplateCsv(counts: PrismaCounts): string {
  const lines = ['data,node,box,description,boxtext,tooltips,url,n'];
  for (const [name, { box, description, inTemplate }] of Object.entries(PRISMA_LABELS) as [
    PrismaDataName,
    (typeof PRISMA_LABELS)[PrismaDataName],
  ][]) {
    if (!inTemplate) continue;
    const value = counts[name];
    const n = Array.isArray(value) ? formatReasonList(value) : String(value);
    lines.push([name, 'NA', box, description, description, description, 'NA', n].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Records excluded at title and abstract that PRISMA's "records excluded" leaves out: those found by other
 * methods (websites, organisations, citation searching), which PRISMA 2020 does not screen in its databases
 * column and reports in its right-hand column. The dashboard counts every record; this says by how much the two
 * differ, and why.
 * @example excludedByOtherMethods(6, { records_excluded: 5 } as PrismaCounts) // 1
 */
export function excludedByOtherMethods(titleAbstractExcluded: number, prisma: PrismaCounts): number {
  return Math.max(0, titleAbstractExcluded - prisma.records_excluded);
}
