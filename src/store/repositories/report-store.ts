import { mayReadAgreement, roleOf } from '../../domain/screening/policy.js';
import { STAGES } from '../../domain/screening/decisions.js';
import type { ReportInput } from '../../domain/synthesis/review-report.js';
import type { Store } from '../open-store.js';
import { codingAgreementFor } from './coding-store.js';
import { computePrisma } from './prisma-store.js';
import { agreementByPair } from './screening-store.js';
import { savedSearches } from './search-store.js';
import { projectSearches } from './searches.js';
import { synthesisInput } from './synthesis-store.js';

/**
 * Everything the review report is written from, read for `viewer` (a member): screening agreement only when
 * the screening policy lets them read it.
 */
export async function reviewReportInput(
  store: Store,
  projectId: number,
  viewer: string,
): Promise<ReportInput> {
  const { project, input } = await synthesisInput(store, projectId, viewer);
  const mayRead = mayReadAgreement(roleOf(project, viewer), project.protocol);
  const screeningAgreement = mayRead
    ? await Promise.all(
        STAGES.map(async (stage) => ({
          stage,
          pairs: await agreementByPair(store, projectId, stage, viewer),
        })),
      )
    : null;
  const coding = await codingAgreementFor(store, projectId, viewer);
  return {
    title: project.title,
    question: project.question,
    protocol: project.protocol,
    searches: (await projectSearches(store, projectId)).map((s) => ({
      source: s.source,
      query: s.query,
      runDate: s.runDate,
      fileName: s.fileName,
      recordsRead: s.recordsRead,
      importedAt: s.importedAt,
    })),
    savedSearches: (await savedSearches(store, projectId)).map((s) => ({
      name: s.name,
      query: s.query,
      resultCount: s.resultCount,
      lastRunAt: s.lastRunAt,
    })),
    prisma: await computePrisma(store, projectId),
    screeningAgreement,
    codingAgreement: { studies: coding.studies, fields: coding.fields },
    synthesis: input,
    generatedAt: new Date().toISOString(),
  };
}
