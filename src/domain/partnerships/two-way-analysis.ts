import type { BenefitItem } from '../codebook/benefit-item.js';
import { codeLabel, dimensionOf, type Framework } from '../codebook/framework.js';
import type { PartnerSide } from '../countries/income-groups.js';
import type { ReportBody } from './benefit-report.js';

/**
 * What the two sides' reports say together: where they diverge (the ESTHER EFFECt idea: the same questions
 * answered independently, the widest gaps first) and how mutual the benefits are. Computed from submitted
 * reports of open rounds only; the store hands nothing else in.
 */

export interface SidedReport {
  roundId: number;
  institutionId: number;
  institution: string;
  side: PartnerSide;
  report: ReportBody;
}

/** The direction code that points at a side. */
const TOWARDS: Record<PartnerSide, string | undefined> = {
  'high-income': 'to_high_income',
  'low-middle-income': 'to_low_middle_income',
  unknown: undefined,
};

/** The codes an item is matched on: its building blocks, else its learning areas. */
function matchCodes(item: BenefitItem): string[] {
  return item.buildingBlocks.length > 0
    ? item.buildingBlocks.map((c) => `b:${c}`)
    : item.learningAreas.map((c) => `a:${c}`);
}

export interface Claim {
  by: string;
  for: string;
  description: string;
  buildingBlocks: string[];
  learningAreas: string[];
}

export interface PrincipleView {
  principle: string;
  label: string;
  /** Each reporting institution's score (1–4), by institution name. */
  scores: Record<string, number>;
  average: number;
  /** Largest minus smallest score: how far apart the partners see it. */
  gap: number;
  comments: Record<string, string>;
}

export interface Divergence {
  /**
   * Benefits one side says the other gained that the other does not report: no item of the other's to itself
   * (or mutual) shares a building block with the claim (a learning area when the claim has no block).
   */
  claimedNotReported: Claim[];
  /** Claims the other side confirms by such a shared code. */
  confirmed: Claim[];
  /** Principles with the lowest averages first. */
  lowestAverages: PrincipleView[];
  /** Principles with the widest gaps between the partners first. */
  widestGaps: PrincipleView[];
}

/**
 * The divergence of one round's reports (two or more partners).
 * @example divergence([uk, uganda], principles).claimedNotReported[0] // { by: 'UK', for: 'Uganda', … }
 */
export function divergence(reports: readonly SidedReport[], principles: Framework): Divergence {
  const claimedNotReported: Claim[] = [];
  const confirmed: Claim[] = [];
  for (const reporter of reports)
    for (const other of reports) {
      if (other === reporter || other.side === reporter.side) continue;
      const towardsOther = TOWARDS[other.side];
      if (!towardsOther) continue;
      const othersOwn = new Set(
        other.report.benefits
          .filter((i) => i.direction === towardsOther || i.direction === 'mutual')
          .flatMap(matchCodes),
      );
      for (const item of reporter.report.benefits) {
        if (item.direction !== towardsOther) continue;
        const claim = {
          by: reporter.institution,
          for: other.institution,
          description: item.description,
          buildingBlocks: item.buildingBlocks,
          learningAreas: item.learningAreas,
        };
        (matchCodes(item).some((c) => othersOwn.has(c)) ? confirmed : claimedNotReported).push(claim);
      }
    }
  const byPrinciple = new Map<string, PrincipleView>();
  for (const r of reports)
    for (const a of r.report.selfAssessment) {
      let view = byPrinciple.get(a.principle);
      if (!view)
        byPrinciple.set(
          a.principle,
          (view = {
            principle: a.principle,
            label: codeLabel(principles, 'principle', a.principle),
            scores: {},
            average: 0,
            gap: 0,
            comments: {},
          }),
        );
      view.scores[r.institution] = a.score;
      if (a.comment) view.comments[r.institution] = a.comment;
    }
  const views = [...byPrinciple.values()].map((v) => {
    const scores = Object.values(v.scores);
    return {
      ...v,
      average: scores.reduce((s, x) => s + x, 0) / scores.length,
      gap: Math.max(...scores) - Math.min(...scores),
    };
  });
  return {
    claimedNotReported,
    confirmed,
    lowestAverages: [...views].sort((a, b) => a.average - b.average || b.gap - a.gap),
    widestGaps: [...views].sort((a, b) => b.gap - a.gap || a.average - b.average),
  };
}

export const MUTUALITY_FORMULA =
  'mutuality = 1 − |a − b| / (a + b), where a = benefits to the high-income side + mutual benefits and b = benefits to the low/middle-income side + mutual benefits (1: as much each way; 0: all one way; undefined with no benefit)';

export interface DirectionCounts {
  to_high_income: number;
  to_low_middle_income: number;
  mutual: number;
  /** Items with no direction coded. */
  unspecified: number;
}

export interface MutualityRow extends DirectionCounts {
  code: string;
  label: string;
  index: number | null;
}

export interface Mutuality {
  formula: string;
  counts: DirectionCounts;
  /** Each direction's share of the items with a direction. */
  shares: { to_high_income: number; to_low_middle_income: number; mutual: number } | null;
  index: number | null;
  byBuildingBlock: MutualityRow[];
  byLearningArea: MutualityRow[];
  byRound: (DirectionCounts & { roundId: number; index: number | null })[];
}

function emptyCounts(): DirectionCounts {
  return { to_high_income: 0, to_low_middle_income: 0, mutual: 0, unspecified: 0 };
}

function count(counts: DirectionCounts, item: BenefitItem): void {
  const d = item.direction;
  if (d === 'to_high_income' || d === 'to_low_middle_income' || d === 'mutual') counts[d] += 1;
  else counts.unspecified += 1;
}

/**
 * The mutuality index of some counts (see MUTUALITY_FORMULA).
 * @example mutualityIndex({ to_high_income: 1, to_low_middle_income: 3, mutual: 0, unspecified: 0 }) // 0.5
 */
export function mutualityIndex(c: DirectionCounts): number | null {
  const a = c.to_high_income + c.mutual;
  const b = c.to_low_middle_income + c.mutual;
  return a + b === 0 ? null : 1 - Math.abs(a - b) / (a + b);
}

/** Benefits by direction, overall, per building block, per learning area and per round. */
export function mutuality(reports: readonly SidedReport[], benefits: Framework): Mutuality {
  const counts = emptyCounts();
  const rows = (dimension: string) =>
    new Map(
      (dimensionOf(benefits, dimension)?.codes ?? [])
        .filter((c) => !c.retired)
        .map((c) => [c.id, { code: c.id, label: c.label, ...emptyCounts() }]),
    );
  const blocks = rows('building_block');
  const areas = rows('learning_area');
  const rounds = new Map<number, DirectionCounts>();
  for (const r of reports)
    for (const item of r.report.benefits) {
      count(counts, item);
      let round = rounds.get(r.roundId);
      if (!round) rounds.set(r.roundId, (round = emptyCounts()));
      count(round, item);
      for (const b of item.buildingBlocks) {
        const row = blocks.get(b) ?? {
          code: b,
          label: codeLabel(benefits, 'building_block', b),
          ...emptyCounts(),
        };
        blocks.set(b, row);
        count(row, item);
      }
      for (const a of item.learningAreas) {
        const row = areas.get(a) ?? {
          code: a,
          label: codeLabel(benefits, 'learning_area', a),
          ...emptyCounts(),
        };
        areas.set(a, row);
        count(row, item);
      }
    }
  const directed = counts.to_high_income + counts.to_low_middle_income + counts.mutual;
  const withIndex = <T extends DirectionCounts>(row: T) => ({ ...row, index: mutualityIndex(row) });
  return {
    formula: MUTUALITY_FORMULA,
    counts,
    shares:
      directed === 0
        ? null
        : {
            to_high_income: counts.to_high_income / directed,
            to_low_middle_income: counts.to_low_middle_income / directed,
            mutual: counts.mutual / directed,
          },
    index: mutualityIndex(counts),
    byBuildingBlock: [...blocks.values()].map(withIndex),
    byLearningArea: [...areas.values()].map(withIndex),
    byRound: [...rounds].map(([roundId, c]) => ({ roundId, ...c, index: mutualityIndex(c) })),
  };
}
