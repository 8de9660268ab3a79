import type { BenefitItem } from '../codebook/benefit-item.js';
import { codeLabel, type Framework } from '../codebook/framework.js';
import type { PartnerSide } from '../countries/income-groups.js';
import { dimensionTable } from '../synthesis/benefit-tables.js';
import type { SynthesisInput } from '../synthesis/coded-studies.js';
import { htmlPage } from '../synthesis/html-table.js';
import { escapeXml } from '../text/escape-xml.js';
import { mobility, type Activity, type Mobility } from './activity.js';
import { mutuality, MUTUALITY_FORMULA, type Mutuality, type SidedReport } from './two-way-analysis.js';

/**
 * The business case of a partnership, a programme or the whole registry: what each side gained, the indicators
 * that moved, the innovations that flowed to the high-income side, what it cost, how mutual it was, and for
 * each benefit code the literature evidence of a linked review (its coded included studies with the same code,
 * or "no evidence found"). Every figure lists the report items or studies it was counted from.
 */

/**
 * Where a figure comes from: an item of a report, as [round id, institution id, the item's place in the report
 * (0-based)] — compact, because a registry's business case points at hundreds of thousands of them.
 */
export type ItemRef = readonly [roundId: number, institutionId: number, item: number];

/** The items of one report a figure counts: [round id, institution id, the items' places (0-based)]. */
export type ReportRef = readonly [roundId: number, institutionId: number, items: readonly number[]];

export interface SideGain {
  side: PartnerSide;
  items: number;
  /** Every item counted, grouped by report. */
  refs: ReportRef[];
  byBuildingBlock: { code: string; label: string; items: number; refs: ReportRef[] }[];
}

/**
 * Adds an item to refs grouped by report. Reports are read one after the other, so a report's items arrive
 * together: the last group is the only one that can be the item's (no lookup, no key).
 */
export function addRef(
  refs: [number, number, number[]][],
  roundId: number,
  institutionId: number,
  item: number,
): void {
  const last = refs[refs.length - 1];
  if (last && last[0] === roundId && last[1] === institutionId) last[2].push(item);
  else refs.push([roundId, institutionId, [item]]);
}

/** How many items some grouped refs point at. */
function itemCount(refs: readonly ReportRef[]): number {
  let n = 0;
  for (const r of refs) n += r[2].length;
  return n;
}

/**
 * One institution's indicator over the scope: the baseline of the first item reporting it and the follow-up
 * of the last (reports in round order), so a measure reported every round reads as one trajectory.
 */
export interface IndicatorChange {
  institution: string;
  indicator: string;
  unit?: string;
  baseline: number;
  followUp: number;
  change: number;
  /** The items that reported it (each with a baseline and a follow-up). */
  measurements: number;
  refs: ReportRef[];
}

export interface EvidenceRow {
  dimension: 'building_block' | 'learning_area';
  code: string;
  label: string;
  /** Report items coded with it. */
  reportedItems: number;
  /** The review's coded studies with the same code (empty: "no evidence found"). */
  studies: { recordId: number; citation: string }[];
}

export interface BusinessCase {
  scope: string;
  partnerships: number;
  rounds: number;
  reports: number;
  gained: SideGain[];
  indicators: IndicatorChange[];
  reverseInnovations: { institution: string; description: string; transferStatus?: string; ref: ItemRef }[];
  costs: { institution: string; description: string; amount?: number; currency?: string }[];
  /** Costs recorded with the partnerships' activities (travel, training, equipment). */
  activityCosts: {
    activityId: number;
    activity: string;
    description: string;
    amount?: number;
    currency?: string;
  }[];
  /** Report and activity costs with an amount, by currency (amounts in different currencies are not added). */
  costTotals: Record<string, number>;
  /** Who travelled which way in the activities. */
  mobility: Mobility;
  mutuality: Mutuality;
  /** Null when no review project is linked. */
  evidence: EvidenceRow[] | null;
}

const SIDES: PartnerSide[] = ['high-income', 'low-middle-income'];

/** The side an item's benefit went to: by its direction; a mutual benefit counts for both. */
function gainedBy(item: BenefitItem): PartnerSide[] {
  if (item.direction === 'to_high_income') return ['high-income'];
  if (item.direction === 'to_low_middle_income') return ['low-middle-income'];
  if (item.direction === 'mutual') return SIDES;
  return [];
}

export interface BusinessCaseInput {
  reports: readonly SidedReport[];
  partnerships: number;
  rounds: number;
  activities: readonly Activity[];
  /** A partner's side in a partnership (for who travelled which way). */
  sideOf: (partnershipId: number, institutionId: number) => PartnerSide;
}

export function businessCase(
  scope: string,
  input: BusinessCaseInput,
  benefits: Framework,
  evidence?: SynthesisInput,
): BusinessCase {
  type Refs = [number, number, number[]][];
  const gained = new Map(
    SIDES.map((side) => [side, { side, items: 0, refs: [] as Refs, blocks: new Map<string, Refs>() }]),
  );
  const indicators: IndicatorChange[] = [];
  const indicatorsOf = new Map<number, Map<string, IndicatorChange & { refs: Refs }>>();
  const reverseInnovations: BusinessCase['reverseInnovations'] = [];
  const costs: BusinessCase['costs'] = [];
  const costTotals: Record<string, number> = {};
  const used = { building_block: new Map<string, number>(), learning_area: new Map<string, number>() };
  for (const r of input.reports) {
    const items = r.report.benefits;
    // one institution's indicators, by name and unit
    let ownIndicators = indicatorsOf.get(r.institutionId);
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      for (const side of gainedBy(item)) {
        const g = gained.get(side)!;
        g.items += 1;
        addRef(g.refs, r.roundId, r.institutionId, index);
        for (const b of item.buildingBlocks) {
          let refs = g.blocks.get(b);
          if (!refs) g.blocks.set(b, (refs = []));
          addRef(refs, r.roundId, r.institutionId, index);
        }
      }
      const ind = item.indicator;
      if (ind?.baseline && ind.followUp) {
        if (!ownIndicators) indicatorsOf.set(r.institutionId, (ownIndicators = new Map()));
        const key = ind.unit ? `${ind.name}\u0000${ind.unit}` : ind.name;
        const known = ownIndicators.get(key);
        if (known) {
          known.followUp = ind.followUp.value;
          known.change = known.followUp - known.baseline;
          known.measurements += 1;
          addRef(known.refs, r.roundId, r.institutionId, index);
        } else {
          const trajectory = {
            institution: r.institution,
            indicator: ind.name,
            ...(ind.unit ? { unit: ind.unit } : {}),
            baseline: ind.baseline.value,
            followUp: ind.followUp.value,
            change: ind.followUp.value - ind.baseline.value,
            measurements: 1,
            refs: [[r.roundId, r.institutionId, [index]]] as Refs,
          };
          ownIndicators.set(key, trajectory);
          indicators.push(trajectory);
        }
      }
      if (item.kind === 'transferable_innovation' && item.direction === 'to_high_income')
        reverseInnovations.push({
          institution: r.institution,
          description: item.description,
          ...(item.innovation?.transferStatus ? { transferStatus: item.innovation.transferStatus } : {}),
          ref: [r.roundId, r.institutionId, index],
        });
      for (const b of item.buildingBlocks) used.building_block.set(b, (used.building_block.get(b) ?? 0) + 1);
      for (const a of item.learningAreas) used.learning_area.set(a, (used.learning_area.get(a) ?? 0) + 1);
    }
    for (const c of r.report.costs) {
      costs.push({
        institution: r.institution,
        description: c.description,
        ...(c.amount === undefined ? {} : { amount: c.amount }),
        ...(c.currency ? { currency: c.currency } : {}),
      });
      if (c.amount !== undefined)
        costTotals[c.currency ?? 'unspecified'] = (costTotals[c.currency ?? 'unspecified'] ?? 0) + c.amount;
    }
  }
  const activityCosts: BusinessCase['activityCosts'] = [];
  for (const a of input.activities)
    for (const c of a.costs) {
      activityCosts.push({
        activityId: a.id,
        activity: a.title,
        description: c.description,
        ...(c.amount === undefined ? {} : { amount: c.amount }),
        ...(c.currency ? { currency: c.currency } : {}),
      });
      if (c.amount !== undefined)
        costTotals[c.currency ?? 'unspecified'] = (costTotals[c.currency ?? 'unspecified'] ?? 0) + c.amount;
    }
  let evidenceRows: EvidenceRow[] | null = null;
  if (evidence) {
    evidenceRows = [];
    for (const dimension of ['building_block', 'learning_area'] as const) {
      const table = dimensionTable(evidence, dimension);
      for (const [code, reportedItems] of used[dimension]) {
        const row = table.rows.find((r) => r.code === code);
        const studies = new Map<number, string>();
        for (const b of row?.benefits ?? []) studies.set(b.recordId, b.citation);
        evidenceRows.push({
          dimension,
          code,
          label: codeLabel(benefits, dimension, code),
          reportedItems,
          studies: [...studies].map(([recordId, citation]) => ({ recordId, citation })),
        });
      }
    }
  }
  return {
    scope,
    partnerships: input.partnerships,
    rounds: input.rounds,
    reports: input.reports.length,
    gained: [...gained.values()].map((g) => ({
      side: g.side,
      items: g.items,
      refs: g.refs,
      byBuildingBlock: [...g.blocks].map(([code, refs]) => ({
        code,
        label: codeLabel(benefits, 'building_block', code),
        items: itemCount(refs),
        refs,
      })),
    })),
    indicators,
    reverseInnovations,
    costs,
    activityCosts,
    costTotals,
    mobility: mobility(input.activities, input.sideOf),
    mutuality: mutuality(input.reports, benefits),
    evidence: evidenceRows,
  };
}

const serialised = new WeakMap<BusinessCase, string>();

/** The business case as JSON text, made once per business case (a registry's runs to megabytes). */
export function businessCaseJson(bc: BusinessCase): string {
  let text = serialised.get(bc);
  if (text === undefined) serialised.set(bc, (text = JSON.stringify(bc)));
  return text;
}

const e = escapeXml;
const SOURCES_SHOWN = 5;
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)} %`;

/** The business case as one HTML page (every text escaped; nothing loaded from outside). */
export function businessCaseHtml(bc: BusinessCase, generatedAt: string): string {
  const side = (s: PartnerSide) =>
    s === 'high-income'
      ? 'the high-income side'
      : s === 'low-middle-income'
        ? 'the low/middle-income side'
        : 'an unknown side';
  const ref = ([roundId, institutionId, item]: ItemRef) =>
    `round ${roundId}, institution ${institutionId}, item ${item + 1}`;
  const reportRef = ([roundId, institutionId, items]: ReportRef) =>
    `round ${roundId}, institution ${institutionId}, item${items.length === 1 ? '' : 's'} ${items.map((i) => i + 1).join(', ')}`;
  // a page lists the first sources of a figure and counts the rest (the JSON has them all)
  const refs = (list: readonly ReportRef[]) =>
    list.length <= SOURCES_SHOWN
      ? list.map(reportRef).join('; ')
      : `${list.slice(0, SOURCES_SHOWN).map(reportRef).join('; ')}; and ${list.length - SOURCES_SHOWN} more reports`;
  const parts = [
    `<h1>Business case: ${e(bc.scope)}</h1>`,
    `<p class="note">Generated by Twoway on ${e(generatedAt)} from ${bc.reports} submitted reports of ${bc.rounds} open rounds (${bc.partnerships} partnerships). Reports of rounds still blind are not counted.</p>`,
    '<h2>What each side gained</h2>',
    ...bc.gained.map(
      (g) =>
        `<h3>${e(side(g.side))}: ${g.items} benefit${g.items === 1 ? '' : 's'}</h3><ul>${g.byBuildingBlock.map((b) => `<li>${e(b.label)}: ${b.items} <span class="muted">(${e(refs(b.refs))})</span></li>`).join('')}</ul>`,
    ),
    '<h2>Mutuality</h2>',
    `<p>To the high-income side ${bc.mutuality.counts.to_high_income}, to the low/middle-income side ${bc.mutuality.counts.to_low_middle_income}, mutual ${bc.mutuality.counts.mutual}, no direction ${bc.mutuality.counts.unspecified}. Mutuality index ${bc.mutuality.index === null ? 'n/a' : bc.mutuality.index.toFixed(2)} (shares: ${pct(bc.mutuality.shares?.to_high_income)} / ${pct(bc.mutuality.shares?.to_low_middle_income)} / ${pct(bc.mutuality.shares?.mutual)}).</p>`,
    `<p class="note">${e(MUTUALITY_FORMULA)}</p>`,
    '<h2>Indicators from baseline to follow-up</h2>',
    bc.indicators.length === 0
      ? '<p>No indicator with a baseline and a follow-up was reported.</p>'
      : `<table class="synthesis"><thead><tr><th>Institution</th><th>Indicator</th><th>First baseline</th><th>Last follow-up</th><th>Change</th><th>Reported</th><th>From</th></tr></thead><tbody>${bc.indicators.map((i) => `<tr><td>${e(i.institution)}</td><td>${e(i.indicator)}${i.unit ? ` (${e(i.unit)})` : ''}</td><td>${i.baseline}</td><td>${i.followUp}</td><td>${i.change > 0 ? '+' : ''}${i.change}</td><td>${i.measurements}×</td><td>${e(refs(i.refs))}</td></tr>`).join('')}</tbody></table>`,
    '<h2>Innovations that flowed to the high-income side</h2>',
    bc.reverseInnovations.length === 0
      ? '<p>None reported.</p>'
      : `<ul>${bc.reverseInnovations.map((r) => `<li>${e(r.description)} — ${e(r.institution)}${r.transferStatus ? ` (${e(r.transferStatus)})` : ''} <span class="muted">(${e(ref(r.ref))})</span></li>`).join('')}</ul>`,
    '<h2>Who travelled which way</h2>',
    bc.mobility.rows.length === 0
      ? '<p>No travel was recorded with the activities.</p>'
      : `<p>${bc.mobility.toHighIncome} people travelled to the high-income side and ${bc.mobility.toLowMiddleIncome} to the low/middle-income side${bc.mobility.other ? ` (${bc.mobility.other} between partners on the same side or of an unknown side)` : ''}.</p><table class="synthesis"><thead><tr><th>From</th><th>To</th><th>Cadre</th><th>People</th><th>Activities</th></tr></thead><tbody>${bc.mobility.rows.map((r) => `<tr><td>${e(side(r.from))}</td><td>${e(side(r.to))}</td><td>${e(r.cadre.replace(/_/g, ' '))}</td><td>${r.people}</td><td>${r.activities.join(', ')}</td></tr>`).join('')}</tbody></table>`,
    '<h2>What it cost</h2>',
    bc.costs.length + bc.activityCosts.length === 0
      ? '<p>No cost was reported.</p>'
      : `<ul>${bc.costs.map((c) => `<li>${e(c.institution)}: ${e(c.description)}${c.amount === undefined ? '' : ` — ${c.amount} ${e(c.currency ?? '')}`}</li>`).join('')}${bc.activityCosts.map((c) => `<li>Activity ${c.activityId} (${e(c.activity)}): ${e(c.description)}${c.amount === undefined ? '' : ` — ${c.amount} ${e(c.currency ?? '')}`}</li>`).join('')}</ul><p>Totals: ${
          Object.entries(bc.costTotals)
            .map(([cur, n]) => `${n} ${e(cur)}`)
            .join(', ') || 'none'
        }</p>`,
    '<h2>Evidence from the literature</h2>',
    bc.evidence === null
      ? '<p>No review project is linked: the literature evidence is not shown.</p>'
      : `<table class="synthesis"><thead><tr><th>Code</th><th>Reported items</th><th>Studies in the review</th></tr></thead><tbody>${bc.evidence.map((r) => `<tr><td>${e(r.label)}</td><td>${r.reportedItems}</td><td>${r.studies.length === 0 ? '<strong>no evidence found</strong>' : e(r.studies.map((s) => s.citation).join('; '))}</td></tr>`).join('')}</tbody></table>`,
  ];
  return htmlPage(`Business case: ${bc.scope}`, parts.join('\n'));
}
