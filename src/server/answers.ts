import { Type, type Static } from 'typebox';
import { ExtractionFormSchema } from '../domain/codebook/extraction-form.js';
import { FrameworkSchema } from '../domain/codebook/framework.js';
import { StudyCodingSchema } from '../domain/codebook/study-coding.js';
import { RecordViewSchema, ProtocolSchema, RoleSchema, StageSchema, ProblemSchema } from './schemas.js';

/**
 * The API's answers: one schema each, used by the routes (they validate and serialise with it), by the
 * OpenAPI document, and — as the types below — by the web pages, which declare none of their own. This module
 * imports nothing but TypeBox, the shared request schemas and the domain's data schemas (frameworks, codings).
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** A statistic as the API answers it: NaN (undefined: no pairs, chance agreement of 1) becomes null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export const ProjectSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  question: Nullable(Type.String()),
  protocol: ProtocolSchema,
  createdAt: Type.String(),
  members: Type.Array(Type.Object({ reviewer: Type.String(), role: RoleSchema })),
  myRole: RoleSchema,
});
export type Project = Static<typeof ProjectSchema>;

export const ProjectListSchema = Type.Array(
  Type.Object({ id: Type.Integer(), title: Type.String(), createdAt: Type.String(), role: RoleSchema }),
);
export type ProjectListItem = Static<typeof ProjectListSchema>[number];

/** A record's screening state, with the votes the signed-in member may see. */
export const StatusSchema = Type.Object({
  recordId: Type.Integer(),
  stage: Type.String(),
  state: Type.String(),
  votes: Type.Array(
    Type.Object({
      reviewer: Type.String(),
      value: Type.String(),
      reason: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
  resolvedBy: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
export type Status = Static<typeof StatusSchema>;

export const RetrievalSchema = Nullable(
  Type.Object({
    status: Type.Union([Type.Literal('retrieved'), Type.Literal('not-retrieved')]),
    location: Nullable(Type.String()),
    reviewer: Type.String(),
    at: Type.String(),
  }),
);
export type Retrieval = NonNullable<Static<typeof RetrievalSchema>>;

/** A record's attached PDF (its content is GET …/records/{id}/full-text). */
export const FullTextFileSchema = Type.Object({
  recordId: Type.Integer(),
  fileName: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  at: Type.String(),
});
export type FullTextFile = Static<typeof FullTextFileSchema>;

/** What a bulk attach of PDFs did with each file. */
export const BulkFullTextSchema = Type.Object({
  attached: Type.Array(
    Type.Intersect([
      FullTextFileSchema,
      Type.Object({ by: Type.Union([Type.Literal('doi'), Type.Literal('pmid'), Type.Literal('pmcid')]) }),
    ]),
  ),
  skipped: Type.Array(Type.Object({ fileName: Type.String(), reason: Type.String() })),
});
export type BulkFullText = Static<typeof BulkFullTextSchema>;

/** One record's screen: the record, its state, and (at full text) whether its full text was obtained. */
/** A record's place in the latest ranking of a prioritised project. */
export const PrioritySchema = Type.Object({
  score: Type.Number(),
  rank: Type.Integer(),
  modelVersion: Type.Integer(),
});

export const ScreenSchema = Type.Object({
  record: RecordViewSchema,
  status: StatusSchema,
  retrieval: RetrievalSchema,
  /** At full text: the record's attached PDF, or null. */
  fullText: Nullable(FullTextFileSchema),
  /** Null when the project screens in import order or the record has no rank yet. */
  priority: Nullable(PrioritySchema),
  /** The team's tags on the record (and its duplicates). */
  tags: Type.Array(Type.String()),
});
export type Screen = Static<typeof ScreenSchema>;

/** The next record a reviewer has to screen, or null when none is left. */
export const NextScreenSchema = Type.Object({ screen: Nullable(ScreenSchema) });
export type NextScreen = Static<typeof NextScreenSchema>;

export const ProgressSchema = Type.Object({ decidedByMe: Type.Integer(), records: Type.Integer() });
export type Progress = Static<typeof ProgressSchema>;

/** What POST …/decisions answers; with next=true, the next record to screen and the progress too. */
export const DecisionAnswerSchema = Type.Object({
  id: Type.Integer(),
  screen: Type.Optional(Nullable(ScreenSchema)),
  progress: Type.Optional(ProgressSchema),
});
export type DecisionAnswer = Static<typeof DecisionAnswerSchema>;

export const AgreementPairSchema = Type.Object({
  reviewers: Type.Array(Type.String()),
  n: Type.Integer(),
  percent: Nullable(Type.Number()),
  kappa: Nullable(Type.Number()),
  ac1: Nullable(Type.Number()),
  categories: Type.Array(Type.String()),
  table: Type.Array(Type.Array(Type.Integer())),
});
export type AgreementPair = Static<typeof AgreementPairSchema>;

/**
 * An import report as stored with its search. Fields are optional because a report stored by an older Twoway
 * may lack the newer ones.
 */
export const ImportReportSchema = Type.Partial(
  Type.Object({
    file: Type.String(),
    format: Type.String(),
    encoding: Type.String(),
    bom: Type.Boolean(),
    encodingReason: Type.String(),
    recordsRead: Type.Integer(),
    recordsSkipped: Type.Integer(),
    recordsWithWarnings: Type.Integer(),
    unmappedTags: Type.Record(Type.String(), Type.Integer()),
    repairs: Type.Object({
      total: Type.Integer(),
      byKind: Type.Record(Type.String(), Type.Integer()),
      examples: Type.Array(
        Type.Object({ kind: Type.String(), from: Type.String(), to: Type.String(), line: Type.Integer() }),
      ),
    }),
    replacementCharacters: Type.Integer(),
    warnings: Type.Array(ProblemSchema),
    warningsTotal: Type.Integer(),
    errors: Type.Array(ProblemSchema),
  }),
);
export type ImportReport = Static<typeof ImportReportSchema>;

/** The result of an import job. */
export const ImportResultSchema = Type.Object({
  searchId: Type.Integer(),
  recordsRead: Type.Integer(),
  report: ImportReportSchema,
});
export type ImportResult = Static<typeof ImportResultSchema>;

/** The result of a deduplication job. */
export const DedupeSummarySchema = Type.Object({
  clusters: Type.Integer(),
  newClusters: Type.Integer(),
  reviewPairs: Type.Integer(),
  applied: Type.Boolean(),
});
export type DedupeSummary = Static<typeof DedupeSummarySchema>;

const CurvePointSchema = Type.Object({ screened: Type.Integer(), found: Type.Integer() });

const OrderMetricsSchema = Type.Object({
  records: Type.Number(),
  relevant: Type.Number(),
  wss95: Type.Number(),
  wss95Cohen: Type.Number(),
  wss100: Type.Number(),
  rrf10: Type.Number(),
  atd: Type.Number(),
  atdShare: Type.Number(),
  screenedTo95: Type.Number(),
});

const StoppingOutcomeSchema = Type.Object({
  rule: Type.String(),
  stoppedAfter: Type.Integer(),
  recall: Type.Number(),
  workSaved: Type.Number(),
  stopped: Type.Boolean(),
});

const StatisticalRuleSchema = Type.Object({ targetRecall: Type.Number(), confidence: Type.Number() });

/** A simulation's report (see simulation-report.ts). */
export const SimulationReportSchema = Type.Object({
  preset: Type.Object({ name: Type.String(), description: Type.String() }),
  records: Type.Integer(),
  relevant: Type.Integer(),
  unlabelled: Type.Integer(),
  priorIncluded: Type.Integer(),
  priorExcluded: Type.Integer(),
  statisticalRule: StatisticalRuleSchema,
  runs: Type.Array(
    Type.Object({
      seed: Type.Integer(),
      priors: Type.Array(Type.Integer()),
      metrics: OrderMetricsSchema,
      stopping: Type.Array(StoppingOutcomeSchema),
      fitMilliseconds: Type.Object({ mean: Type.Number(), max: Type.Number() }),
      curve: Type.Array(CurvePointSchema),
    }),
  ),
  mean: OrderMetricsSchema,
  stopping: Type.Array(
    Type.Object({
      rule: Type.String(),
      meanRecall: Type.Number(),
      meanWorkSaved: Type.Number(),
      reachedTarget: Type.Integer(),
      runs: Type.Integer(),
    }),
  ),
  milliseconds: Type.Number(),
});
export type SimulationReport = Static<typeof SimulationReportSchema>;

export const PriorityModelSchema = Type.Object({
  version: Type.Integer(),
  preset: Type.String(),
  labelled: Type.Integer(),
  relevant: Type.Integer(),
  records: Type.Integer(),
  milliseconds: Type.Integer(),
  trainedAt: Type.String(),
});

/** A retrain: the model it made, or why it could not make one yet. */
export const RetrainResultSchema = Type.Object({
  trained: Type.Boolean(),
  model: Type.Optional(PriorityModelSchema),
  reason: Type.Optional(Type.String()),
  labelled: Type.Optional(Type.Integer()),
  relevant: Type.Optional(Type.Integer()),
});

export const ScreeningEstimateSchema = Type.Object({
  records: Type.Integer(),
  screened: Type.Integer(),
  relevantFound: Type.Integer(),
  sinceLastRelevant: Type.Integer(),
  heuristic: Type.Object({ stopAfter: Type.Integer(), reached: Type.Boolean() }),
  statistical: Type.Object({
    p: Type.Number(),
    mayStop: Type.Boolean(),
    sampleFrom: Type.Integer(),
    randomSampleNeeded: Type.Integer(),
    targetRecall: Type.Number(),
    confidence: Type.Number(),
  }),
  curve: Type.Array(CurvePointSchema),
  assumptions: Type.Array(Type.String()),
});
export type ScreeningEstimate = Static<typeof ScreeningEstimateSchema>;

export const ScreeningStopSchema = Type.Object({
  id: Type.Integer(),
  stoppedBy: Type.String(),
  reason: Type.String(),
  at: Type.String(),
  estimate: ScreeningEstimateSchema,
});

/** A project's prioritisation: settings, whether it ranks now, the model, the estimate, when the team stopped. */
export const PrioritisationSchema = Type.Object({
  active: Type.Boolean(),
  presets: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
  model: Nullable(PriorityModelSchema),
  estimate: ScreeningEstimateSchema,
  stops: Type.Array(ScreeningStopSchema),
  priorMarks: Type.Array(
    Type.Object({
      recordId: Type.Integer(),
      relevant: Type.Boolean(),
      markedBy: Type.String(),
      at: Type.String(),
    }),
  ),
});
export type Prioritisation = Static<typeof PrioritisationSchema>;

export const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  projectId: Type.Integer(),
  startedBy: Type.String(),
  state: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  label: Type.String(),
  progress: Type.Object({ done: Type.Number(), total: Type.Number() }),
  /** An import's result (kind import) or a deduplication's (kind dedupe), once done. */
  result: Type.Optional(Type.Union([ImportResultSchema, DedupeSummarySchema])),
  /** A simulation's report (kind simulate), once done. */
  simulation: Type.Optional(SimulationReportSchema),
  error: Type.Optional(ProblemSchema),
  createdAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
});
export type Job = Static<typeof JobSchema>;

export const SearchRowSchema = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  query: Nullable(Type.String()),
  runDate: Nullable(Type.String()),
  fileName: Type.String(),
  fileSha256: Type.String(),
  format: Type.String(),
  recordsRead: Type.Integer(),
  importedAt: Type.String(),
  report: ImportReportSchema,
  /** The search this one runs again (a living review's newer export), or null. */
  rerunOf: Nullable(Type.Integer()),
});
export type SearchRow = Static<typeof SearchRowSchema>;

const WorkCountsSchema = Type.Object({
  decisions: Type.Integer(),
  resolutions: Type.Integer(),
  codings: Type.Integer(),
  retrievals: Type.Integer(),
  priorMarks: Type.Integer(),
  fullTexts: Type.Integer(),
});

/** What removing an import does (or did): records, the work that moves to duplicates, the work removed. */
export const ImportRemovalSchema = Type.Object({
  searchId: Type.Integer(),
  source: Type.String(),
  fileName: Type.String(),
  records: Type.Integer(),
  keptThroughDuplicates: Type.Integer(),
  clustersDissolved: Type.Integer(),
  moved: WorkCountsSchema,
  discarded: WorkCountsSchema,
});
export type ImportRemovalAnswer = Static<typeof ImportRemovalSchema>;

const ReasonCounts = Type.Array(Type.Object({ reason: Type.String(), n: Type.Integer() }));

/** The PRISMA 2020 counts (the PRISMA2020 R template's data names, and Twoway's own pending counts). */
export const PrismaCountsSchema = Type.Object({
  database_results: Type.Integer(),
  database_specific_results: Type.Array(Type.Object({ source: Type.String(), n: Type.Integer() })),
  register_results: Type.Integer(),
  website_results: Type.Integer(),
  organisation_results: Type.Integer(),
  citations_results: Type.Integer(),
  other_methods_results: Type.Integer(),
  duplicates: Type.Integer(),
  excluded_automatic: Type.Integer(),
  excluded_other: Type.Integer(),
  records_screened: Type.Integer(),
  records_excluded: Type.Integer(),
  dbr_sought_reports: Type.Integer(),
  dbr_notretrieved_reports: Type.Integer(),
  dbr_assessed: Type.Integer(),
  dbr_excluded: ReasonCounts,
  other_sought_reports: Type.Integer(),
  other_notretrieved_reports: Type.Integer(),
  other_assessed: Type.Integer(),
  other_excluded: ReasonCounts,
  new_studies: Type.Integer(),
  new_reports: Type.Integer(),
  total_studies: Type.Integer(),
  total_reports: Type.Integer(),
  pending_screening: Type.Integer(),
  pending_full_text: Type.Integer(),
});

export const DashboardSchema = Type.Object({
  stages: Type.Array(
    Type.Object({
      stage: StageSchema,
      records: Type.Integer(),
      states: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  reviewers: Type.Array(
    Type.Object({ reviewer: Type.String(), stage: StageSchema, decided: Type.Integer() }),
  ),
  prisma: PrismaCountsSchema,
  /** The flow diagram drawn from the same counts (the page shows it; no second computation). */
  prismaSvg: Type.String(),
});
export type Dashboard = Static<typeof DashboardSchema>;

export const TagSchema = Type.Object({ name: Type.String(), records: Type.Integer() });
export type Tag = Static<typeof TagSchema>;

/** One row of the record list, as the viewer may see it. */
export const ListedRecordSchema = Type.Object({
  id: Type.Integer(),
  title: Nullable(Type.String()),
  firstAuthor: Nullable(Type.String()),
  year: Nullable(Type.Integer()),
  journal: Nullable(Type.String()),
  status: StatusSchema,
  tags: Type.Array(Type.String()),
  sources: Type.Array(Type.Integer()),
  assignees: Type.Array(Type.String()),
  /** Found first by the latest run of a search run more than once (living reviews). */
  isNew: Type.Boolean(),
  duplicates: Type.Integer(),
});
export type ListedRecord = Static<typeof ListedRecordSchema>;

export const RecordListSchema = Type.Object({
  count: Type.Integer(),
  offset: Type.Integer(),
  records: Type.Array(ListedRecordSchema),
  tags: Type.Array(TagSchema),
  searches: Type.Array(Type.Object({ id: Type.Integer(), source: Type.String(), fileName: Type.String() })),
});
export type RecordList = Static<typeof RecordListSchema>;

/** What a bulk action did: the records it was given, and how many of them it changed. */
export const BulkAnswerSchema = Type.Object({ records: Type.Integer(), changed: Type.Integer() });
export type BulkAnswer = Static<typeof BulkAnswerSchema>;

export const RecordPageSchema = Type.Object({
  count: Type.Integer(),
  /** Records found that were counted with the canonical record of their duplicate cluster. */
  duplicatesSetAside: Type.Integer(),
  /** For a record of this page that stands for a duplicate cluster: how many other records it holds. */
  duplicatesBeside: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Integer()),
  translation: Type.String(),
  warnings: Type.Array(Type.String()),
  historyNumber: Type.Optional(Type.Integer()),
  records: Type.Array(RecordViewSchema),
});
export type RecordPage = Static<typeof RecordPageSchema>;

export const HistoryEntrySchema = Type.Object({
  number: Type.Integer(),
  query: Type.String(),
  translation: Type.String(),
  resultCount: Type.Integer(),
  runBy: Type.String(),
  runAt: Type.String(),
});
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export const SavedSearchSchema = Type.Object({
  name: Type.String(),
  query: Type.String(),
  translation: Type.String(),
  resultCount: Type.Integer(),
  savedBy: Type.String(),
  savedAt: Type.String(),
  lastRunAt: Type.String(),
});
export type SavedSearch = Static<typeof SavedSearchSchema>;

export const DuplicatesSchema = Type.Object({
  pairs: Type.Array(
    Type.Object({
      a: RecordViewSchema,
      b: RecordViewSchema,
      score: Type.Number(),
      reasons: Type.Array(Type.String()),
    }),
  ),
  clusters: Type.Array(
    Type.Object({
      id: Type.Integer(),
      canonicalRecordId: Type.Integer(),
      rule: Type.String(),
      score: Type.Number(),
      automatic: Type.Boolean(),
      members: Type.Array(Type.Integer()),
    }),
  ),
});
export type Duplicates = Static<typeof DuplicatesSchema>;

export const AuditEventSchema = Type.Object({
  id: Type.Integer(),
  actor: Type.String(),
  action: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String(),
});
export type AuditEvent = Static<typeof AuditEventSchema>;

export const SetupSchema = Type.Object({ needsFirstAccount: Type.Boolean() });
export type Setup = Static<typeof SetupSchema>;

export const InvitationOfferSchema = Type.Object({
  projectId: Nullable(Type.Integer()),
  projectTitle: Nullable(Type.String()),
  role: RoleSchema,
  createdBy: Type.String(),
});
export type InvitationOffer = Static<typeof InvitationOfferSchema>;

export const InvitationCreatedSchema = Type.Object({
  token: Type.String(),
  path: Type.String(),
  projectId: Nullable(Type.Integer()),
  role: RoleSchema,
  expiresAt: Type.String(),
});
export type InvitationCreated = Static<typeof InvitationCreatedSchema>;

// ---- coding and synthesis -------------------------------------------------------------------------------------

/** A project's codebook: the framework (with each code list's status), its extraction form, its versions. */
export const CodebookSchema = Type.Object({
  framework: FrameworkSchema,
  form: ExtractionFormSchema,
  stored: Type.Boolean(),
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), createdBy: Type.String(), createdAt: Type.String() }),
  ),
});
export type Codebook = Static<typeof CodebookSchema>;

export const ShippedFrameworksSchema = Type.Array(
  Type.Object({
    id: Type.String(),
    version: Type.Integer(),
    title: Type.String(),
    reconstructed: Type.Array(Type.String()),
  }),
);

export const CodingQueueSchema = Type.Array(
  Type.Object({
    recordId: Type.Integer(),
    citation: Type.String(),
    title: Type.String(),
    mine: Type.Union([Type.Literal('none'), Type.Literal('draft'), Type.Literal('submitted')]),
    submittedCoders: Type.Integer(),
    complete: Type.Boolean(),
    consensus: Type.Boolean(),
  }),
);
export type CodingQueueEntry = Static<typeof CodingQueueSchema>[number];

export const CodingViewSchema = Type.Object({
  coder: Type.String(),
  submitted: Type.Boolean(),
  at: Type.String(),
  frameworkVersion: Type.Integer(),
  coding: StudyCodingSchema,
});
export type CodingView = Static<typeof CodingViewSchema>;

/** One study on the coding page: the record, the codings the member may see, the consensus, the history. */
export const StudyCodingPageSchema = Type.Object({
  record: RecordViewSchema,
  retrieval: RetrievalSchema,
  /** The study's attached PDF, or null. */
  fullText: Nullable(FullTextFileSchema),
  /** The framework version the page's form is built from (a save carries it back). */
  frameworkVersion: Type.Integer(),
  recordId: Type.Integer(),
  complete: Type.Boolean(),
  hidden: Type.Integer(),
  codings: Type.Array(CodingViewSchema),
  consensus: Type.Optional(CodingViewSchema),
  final: Type.Optional(CodingViewSchema),
  history: Type.Array(
    Type.Object({
      id: Type.Integer(),
      coder: Type.String(),
      kind: Type.String(),
      frameworkVersion: Type.Integer(),
      at: Type.String(),
    }),
  ),
});
export type StudyCodingPage = Static<typeof StudyCodingPageSchema>;

export const SavedCodingSchema = Type.Object({ id: Type.Integer(), recordId: Type.Integer() });

export const CodingAgreementSchema = Type.Object({
  studies: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      kind: Type.String(),
      studies: Type.Integer(),
      percent: Nullable(Type.Number()),
      kappa: Nullable(Type.Number()),
      alpha: Nullable(Type.Number()),
      codes: Type.Array(
        Type.Object({
          code: Type.String(),
          label: Type.String(),
          n: Type.Integer(),
          percent: Nullable(Type.Number()),
          kappa: Nullable(Type.Number()),
        }),
      ),
    }),
  ),
});
export type CodingAgreement = Static<typeof CodingAgreementSchema>;

// ---- the partnership registry --------------------------------------------------------------------------------

/** A reporting round: its partners, who has submitted (not what), whether a coordinator closed it. */
export const RoundSchema = Type.Object({
  id: Type.Integer(),
  partnershipId: Type.Integer(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  closed: Type.Boolean(),
  institutionIds: Type.Array(Type.Integer()),
  submitted: Type.Array(Type.Integer()),
});
export type Round = Static<typeof RoundSchema>;
