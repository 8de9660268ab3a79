import { agreement, type Agreement } from '../statistics/agreement.js';
import type { RecordStatus } from './decisions.js';

export interface PairAgreement extends Agreement {
  reviewers: [string, string];
}

/**
 * Agreement of every pair of reviewers over the records both voted on (include, exclude or maybe): each
 * record's standing votes are paired, reviewers in name order.
 * @example agreementByReviewerPair([{ recordId: 1, stage: 'title-abstract', state: 'included', votes: [{ reviewer: 'a', value: 'include' }, { reviewer: 'b', value: 'include' }] }])[0]!.reviewers // ['a', 'b']
 */
export function agreementByReviewerPair(statuses: readonly RecordStatus[]): PairAgreement[] {
  const byPair = new Map<string, { reviewers: [string, string]; pairs: [string, string][] }>();
  for (const s of statuses) {
    const votes = [...s.votes].sort((a, b) => a.reviewer.localeCompare(b.reviewer));
    for (let i = 0; i < votes.length; i++)
      for (let j = i + 1; j < votes.length; j++) {
        const a = votes[i]!;
        const b = votes[j]!;
        const key = `${a.reviewer}\u0000${b.reviewer}`;
        let entry = byPair.get(key);
        if (!entry) byPair.set(key, (entry = { reviewers: [a.reviewer, b.reviewer], pairs: [] }));
        entry.pairs.push([a.value, b.value]);
      }
  }
  return [...byPair.values()].map(({ reviewers, pairs }) => ({ reviewers, ...agreement(pairs) }));
}
