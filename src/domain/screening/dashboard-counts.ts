import { RECORD_STATES, STAGES, type RecordState, type RecordStatus, type Stage } from './decisions.js';

/** One stage's counts on the dashboard: how many records are to be screened there, and how many in each state. */
export interface StageProgress {
  stage: Stage;
  records: number;
  states: Record<RecordState, number>;
}

/** How many standing votes one reviewer has cast at a stage. */
export interface ReviewerProgress {
  reviewer: string;
  stage: Stage;
  decided: number;
}

/**
 * The dashboard's arithmetic: per stage, the records to screen and their states; per reviewer and stage, the
 * votes cast. At full text only what title/abstract screening included is to be screened, so its records are
 * the title/abstract inclusions and its unscreened ones are those of them with no full-text state yet.
 * @example dashboardCounts({ 'title-abstract': [], 'full-text': [] }).stages[0]!.records // 0
 */
export function dashboardCounts(statuses: Record<Stage, readonly RecordStatus[]>): {
  stages: StageProgress[];
  reviewers: ReviewerProgress[];
} {
  const stages: StageProgress[] = [];
  const reviewers: ReviewerProgress[] = [];
  for (const stage of STAGES) {
    const list = statuses[stage];
    const states = Object.fromEntries(RECORD_STATES.map((s) => [s, 0])) as Record<RecordState, number>;
    const byReviewer = new Map<string, number>();
    for (const s of list) {
      states[s.state] += 1;
      for (const v of s.votes) byReviewer.set(v.reviewer, (byReviewer.get(v.reviewer) ?? 0) + 1);
    }
    const records = stage === 'full-text' ? (stages[0]?.states.included ?? 0) : list.length;
    if (stage === 'full-text') states.unscreened = Math.max(0, records - (list.length - states.unscreened));
    stages.push({ stage, records, states });
    for (const [reviewer, decided] of byReviewer) reviewers.push({ reviewer, stage, decided });
  }
  return { stages, reviewers };
}
