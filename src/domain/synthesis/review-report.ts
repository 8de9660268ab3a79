import type { FieldAgreement } from '../codebook/coding-agreement.js';
import type { PairAgreement } from '../screening/agreement.js';
import type { Protocol } from '../screening/protocol.js';
import { escapeXml } from '../text/escape-xml.js';
import { buildingBlockTable, learningAreaTable } from './benefit-tables.js';
import type { SynthesisInput } from './coded-studies.js';
import { evidenceMapData, mapCells, mapQuery } from './evidence-map.js';
import { mapView, renderMapSvg } from './evidence-map-svg.js';
import { htmlPage, sheetHtml } from './html-table.js';
import type { PrismaCounts } from './prisma.js';
import { renderPrismaSvg } from './prisma-svg.js';
import { knownSource } from './sources.js';
import { dimensionSheet, learningAreaSheet } from './synthesis-sheets.js';

/**
 * The review report: methods written from what the project stored (protocol, searches as run, counts), the
 * PRISMA 2020 diagram, agreement, the synthesis tables and the evidence map. Every number comes from the
 * input; nothing is typed in.
 */
export interface ReportInput {
  title: string;
  question: string | null;
  protocol: Protocol;
  searches: {
    source: string;
    query: string | null;
    runDate: string | null;
    fileName: string;
    recordsRead: number;
    importedAt: string;
  }[];
  savedSearches: { name: string; query: string; resultCount: number; lastRunAt: string }[];
  prisma: PrismaCounts;
  /** Screening agreement per stage; null when the reader may not see it (blind screening, not an owner). */
  screeningAgreement: { stage: string; pairs: PairAgreement[] }[] | null;
  codingAgreement: { studies: number; fields: FieldAgreement[] };
  synthesis: SynthesisInput;
  generatedAt: string;
}

const e = escapeXml;
const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function list(items: readonly string[]): string {
  return items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
}

function methods(input: ReportInput): string {
  const p = input.protocol;
  const parts: string[] = [];
  const years = p.dateRange ? `${p.dateRange.from ?? '…'}–${p.dateRange.to ?? '…'}` : undefined;
  parts.push(
    `<p>${input.question ? `Review question: ${e(input.question)} ` : ''}Eligible studies were those meeting the inclusion criteria below${years ? `, published ${e(years)}` : ''}${p.languages.length ? `, in ${e(p.languages.join(', '))}` : ''}.</p>`,
    list(p.inclusionCriteria.map((c) => `Include: ${c}`)),
    list(p.exclusionCriteria.map((c) => `Exclude: ${c}`)),
  );
  const bySource = new Map<string, ReportInput['searches']>();
  for (const s of input.searches) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s]);
  if (input.searches.length === 0) parts.push('<p>No search has been imported yet.</p>');
  else {
    parts.push(
      `<p>${plural(input.searches.length, 'search', 'searches')} of ${plural(bySource.size, 'source')} were imported:</p><ul>`,
    );
    for (const s of input.searches) {
      const label = knownSource(s.source)?.label ?? s.source;
      parts.push(
        `<li><strong>${e(label)}</strong>${s.runDate ? `, run ${e(s.runDate)}` : ''}: ${plural(s.recordsRead, 'record')} from ${e(s.fileName)} (imported ${e(s.importedAt.slice(0, 10))})${s.query ? `; query as run: <code>${e(s.query)}</code>` : ''}</li>`,
      );
    }
    parts.push('</ul>');
  }
  if (input.savedSearches.length > 0)
    parts.push(
      `<p>Saved searches:</p><ul>${input.savedSearches.map((s) => `<li>${e(s.name)}: <code>${e(s.query)}</code> (${plural(s.resultCount, 'record')} when last run, ${e(s.lastRunAt.slice(0, 10))})</li>`).join('')}</ul>`,
    );
  const c = input.prisma;
  const screening = p.screening;
  parts.push(
    `<p>${plural(c.duplicates, 'duplicate record')} ${c.duplicates === 1 ? 'was' : 'were'} removed; ${plural(c.records_screened, 'record')} ${c.records_screened === 1 ? 'was' : 'were'} screened on title and abstract by ${screening.reviewersRequired === 2 ? 'two reviewers independently' : 'one reviewer'}${screening.blind && screening.reviewersRequired === 2 ? ', each blind to the other’s decisions, conflicts resolved by a third reviewer or an owner' : ''}; ${plural(c.records_excluded, 'record')} ${c.records_excluded === 1 ? 'was' : 'were'} excluded. ${plural(c.dbr_assessed + c.other_assessed, 'report')} ${c.dbr_assessed + c.other_assessed === 1 ? 'was' : 'were'} assessed in full text and ${plural(c.total_studies, 'study', 'studies')} included.</p>`,
  );
  const f = input.synthesis.framework;
  const reconstructed = f.dimensions.filter((d) => d.status === 'reconstructed').map((d) => d.label);
  const coding = p.coding;
  parts.push(
    `<p>Included studies were coded by ${coding.codersRequired === 2 ? 'two coders independently' : 'one coder'}${coding.blind && coding.codersRequired === 2 ? ', blind to each other until both had submitted' : ''}, against ${e(f.title)} (version ${f.version})${coding.codersRequired === 2 ? '; a consensus coding of each study was agreed and is what the synthesis uses' : ''}. ${plural(input.synthesis.studies.length, 'study has', 'studies have')} a final coding.${reconstructed.length ? ` Code lists reconstructed where the source could not be retrieved: ${e(reconstructed.join(', '))}.` : ''}</p>`,
  );
  return parts.join('\n');
}

function screeningAgreementHtml(input: ReportInput): string {
  if (input.screeningAgreement === null)
    return '<p>Screening agreement is shown to owners only while screening is blind.</p>';
  const rows = input.screeningAgreement.flatMap(({ stage, pairs }) =>
    pairs.map(
      (a) =>
        `<tr><td>${e(stage)}</td><td>${e(a.reviewers.join(' & '))}</td><td>${a.n}</td><td>${fixed(a.percent)}</td><td>${fixed(a.kappa)}</td><td>${fixed(a.ac1)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '<p>No record has been screened by two reviewers yet.</p>';
  return `<table class="synthesis"><caption>Screening agreement</caption><thead><tr><th>Stage</th><th>Reviewers</th><th>Records</th><th>Agreement</th><th>Cohen’s kappa</th><th>Gwet’s AC1</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function codingAgreementHtml(input: ReportInput): string {
  const { studies, fields } = input.codingAgreement;
  if (studies === 0) return '<p>No study has been coded by all its coders yet.</p>';
  const rows = fields.map(
    (f) =>
      `<tr><td>${e(f.label)}</td><td>${f.studies}</td><td>${fixed(f.percent)}</td><td>${fixed(f.kappa)}</td><td>${fixed(f.alpha)}</td></tr>`,
  );
  return `<table class="synthesis"><caption>Coding agreement (${plural(studies, 'study', 'studies')} coded by all their coders)</caption><thead><tr><th>Field</th><th>Studies</th><th>Agreement</th><th>Cohen’s kappa</th><th>Krippendorff’s alpha</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The report as one HTML page (images inline as SVG: it needs nothing from outside). */
export function reviewReportHtml(input: ReportInput): string {
  const data = evidenceMapData(input.synthesis);
  let mapSvg = '<p>The evidence map needs the building-block and learning-area dimensions.</p>';
  try {
    const query = mapQuery(data);
    mapSvg = renderMapSvg(mapView(data, query, mapCells(data, query)));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const tables = [];
  try {
    tables.push(
      sheetHtml(
        dimensionSheet(buildingBlockTable(input.synthesis), 'Benefits by WHO health-system building block'),
      ),
    );
    tables.push(sheetHtml(learningAreaSheet(learningAreaTable(input.synthesis))));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const body = [
    `<h1>${e(input.title)}</h1>`,
    `<p class="note">Review report generated by Twoway on ${e(input.generatedAt)}. Every number is computed from the project’s stored data.</p>`,
    '<h2>Methods</h2>',
    methods(input),
    '<h2>Study selection (PRISMA 2020)</h2>',
    renderPrismaSvg(input.prisma, `PRISMA 2020 flow diagram: ${input.title}`),
    '<h2>Agreement</h2>',
    screeningAgreementHtml(input),
    codingAgreementHtml(input),
    '<h2>Benefits</h2>',
    ...tables,
    '<h2>Evidence and gap map</h2>',
    mapSvg,
  ];
  return htmlPage(`Review report: ${input.title}`, body.join('\n'));
}
