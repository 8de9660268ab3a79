/** The prioritisation's exports as tables (CSV from the API and the CLI): the ranking and the provenance. */

export interface RankingRow {
  recordId: number;
  rank: number;
  score: number;
  modelVersion: number;
}

export interface DecisionProvenance {
  decisionId: number;
  recordId: number;
  stage: string;
  reviewer: string;
  value: string;
  at: string;
  /** The model version whose ranking showed the record, and its rank there; null in import order. */
  modelVersion: number | null;
  shownRank: number | null;
}

export interface Table {
  columns: string[];
  rows: Record<string, string>[];
}

function table<T>(rows: readonly T[], columns: Record<string, (row: T) => string | number | null>): Table {
  const names = Object.keys(columns);
  return {
    columns: names,
    rows: rows.map((row) => Object.fromEntries(names.map((n) => [n, String(columns[n]!(row) ?? '')]))),
  };
}

/** @example rankingTable([{ recordId: 4, rank: 1, score: 0.8, modelVersion: 2 }]).columns[0] // 'record_id' */
export function rankingTable(rows: readonly RankingRow[]): Table {
  return table(rows, {
    record_id: (r) => r.recordId,
    rank: (r) => r.rank,
    score: (r) => r.score,
    model_version: (r) => r.modelVersion,
  });
}

/** Every decision with the ranking it was made from; an empty cell where the record was shown in import order. */
export function provenanceTable(rows: readonly DecisionProvenance[]): Table {
  return table(rows, {
    decision_id: (r) => r.decisionId,
    record_id: (r) => r.recordId,
    stage: (r) => r.stage,
    reviewer: (r) => r.reviewer,
    value: (r) => r.value,
    at: (r) => r.at,
    model_version: (r) => r.modelVersion,
    shown_rank: (r) => r.shownRank,
  });
}
