import type { ColumnType, Generated } from 'kysely';

/**
 * The typed schema of Twoway's store, one for SQLite and PostgreSQL. Times are ISO-8601 text in UTC; JSON
 * documents are text (parsed by the repositories), so both engines store them alike.
 */
export interface Database {
  twoway_meta: MetaTable;
  project: ProjectTable;
  member: MemberTable;
  search: SearchTable;
  full_text_content: { sha256: string; bytes: number; content: Uint8Array };
  /** What the prioritisation model reads of a project's records, kept between runs (FeatureSnapshot), in parts. */
  feature_snapshot: {
    project_id: number;
    features_key: string;
    part: number;
    data: Uint8Array;
    created_at: string;
  };
  full_text_file: {
    project_id: number;
    record_id: number;
    sha256: string;
    file_name: string;
    bytes: number;
    uploaded_by: string;
    at: string;
  };
  record: RecordTable;
  duplicate_cluster: DuplicateClusterTable;
  duplicate_member: { cluster_id: number; record_id: number };
  not_duplicate: { project_id: number; record_a: number; record_b: number; reviewer: string; at: string };
  review_pair: {
    project_id: number;
    record_a: number;
    record_b: number;
    score: number;
    reasons: string;
    found_at: string;
  };
  search_history: SearchHistoryTable;
  saved_search: SavedSearchTable;
  decision: DecisionTable & {
    /** The model version whose ranking showed the record, and its rank there (null: import order). */
    model_version: number | null;
    shown_rank: number | null;
  };
  resolution: DecisionTable;
  account: AccountTable;
  auth_session: {
    /** SHA-256 of the session token: the token itself lives only in the user's cookie. */
    token_hash: string;
    account_id: number;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  invitation: InvitationTable;
  audit_event: AuditEventTable;
  priority_model: {
    id: Generated<number>;
    project_id: number;
    version: number;
    preset: string;
    labelled: number;
    relevant: number;
    records: number;
    milliseconds: number;
    trained_at: string;
  };
  priority_score: {
    project_id: number;
    record_id: number;
    score: number;
    rank: number;
    model_version: number;
  };
  prior_mark: { project_id: number; record_id: number; relevant: number; marked_by: string; at: string };
  screening_stop: {
    id: Generated<number>;
    project_id: number;
    stopped_by: string;
    reason: string;
    estimate: string;
    at: string;
  };
  retrieval: {
    project_id: number;
    record_id: number;
    status: 'retrieved' | 'not-retrieved';
    location: string | null;
    reviewer: string;
    at: string;
  };
  tag: {
    id: Generated<number>;
    project_id: number;
    name: string;
    /** The name as compared for uniqueness in the project (tagKey). */
    name_key: string;
    created_by: string;
    created_at: string;
  };
  record_tag: { project_id: number; record_id: number; tag_id: number; tagged_by: string; at: string };
  assignment: {
    project_id: number;
    record_id: number;
    stage: string;
    reviewer: string;
    assigned_by: string;
    at: string;
  };
  project_framework: ProjectFrameworkTable;
  coding_event: CodingEventTable;
  institution: {
    id: Generated<number>;
    name: string;
    type: string;
    country: string;
    city: string | null;
    ror_id: string | null;
    /** The name as compared for uniqueness in its country (NFKC, trimmed, lower case, spaces collapsed). */
    name_key: string;
    created_by: string;
    created_at: string;
  };
  partnership: {
    id: Generated<number>;
    title: string;
    programme: string;
    start_date: string;
    end_date: string | null;
    /** JSON arrays of apps-tpi codes. */
    focus_areas: string;
    objectives: string;
    created_by: string;
    created_at: string;
  };
  partnership_institution: {
    partnership_id: number;
    institution_id: number;
    side: string;
    /** The computed Classification (JSON): rule, data year, group, note. */
    classification: string;
    override_reason: string | null;
  };
  registry_grant: {
    id: Generated<number>;
    who: string;
    role: 'coordinator' | 'member' | 'viewer';
    institution_id: number | null;
    granted_by: string;
    granted_at: string;
  };
  report_round: {
    id: Generated<number>;
    partnership_id: number;
    period_start: string;
    period_end: string;
    opened_by: string;
    opened_at: string;
    closed_by: string | null;
    closed_at: string | null;
  };
  benefit_report: {
    id: Generated<number>;
    round_id: number;
    institution_id: number;
    version: number;
    status: 'draft' | 'submitted';
    framework_id: string;
    framework_version: number;
    /** The ReportBody JSON. */
    body: string;
    /** Why a submitted report was corrected (versions after the first submitted one). */
    reason: string | null;
    author: string;
    at: string;
  };
  submission_import: {
    instance_id: string;
    report_id: number;
    form_version: string;
    imported_by: string;
    at: string;
  };
  activity: {
    id: Generated<number>;
    partnership_id: number;
    type: string;
    start_date: string;
    /** The ActivityInput JSON (place, travel, cycle step, costs, notes), country stored as alpha-3. */
    body: string;
    recorded_by: string;
    at: string;
  };
  cycle_transition: {
    id: Generated<number>;
    partnership_id: number;
    step: string;
    date: string;
    recorded_by: string;
    note: string | null;
    at: string;
  };
}

/** One version of a project's framework, with the extraction form that goes with it (both JSON). */
export interface ProjectFrameworkTable {
  id: Generated<number>;
  project_id: number;
  framework_id: string;
  version: number;
  body: string;
  form: string;
  created_by: string;
  created_at: string;
}

/** One save of a coding: a coder's draft or submission, or a study's consensus (body: StudyCoding JSON). */
export interface CodingEventTable {
  id: Generated<number>;
  project_id: number;
  record_id: number;
  coder: string;
  kind: 'draft' | 'submitted' | 'consensus';
  framework_id: string;
  framework_version: number;
  body: string;
  at: string;
}

export interface DuplicateClusterTable {
  id: Generated<number>;
  project_id: number;
  canonical_record_id: number;
  /** The rule that joined the cluster (pmid, doi, title-year-author, …, or manual). */
  rule: string;
  score: number;
  /** 1 when made by `dedupe --auto`, 0 when a person merged the records. */
  automatic: number;
  created_by: string;
  created_at: string;
  /** Set when the merge was undone: the cluster stays as history. */
  undone_at: string | null;
  undone_by: string | null;
}

/** Decisions and resolutions: append-only events (the current state is derived, never stored). */
export interface DecisionTable {
  id: Generated<number>;
  project_id: number;
  record_id: number;
  stage: 'title-abstract' | 'full-text';
  /** The reviewer who decided (for a resolution: the resolver). */
  reviewer: string;
  value: string;
  reason: string | null;
  note: string | null;
  at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface ProjectTable {
  id: Generated<number>;
  title: string;
  question: string | null;
  /** Protocol as JSON: criteria, exclusion reasons, date range, languages, planned sources. */
  protocol: string;
  created_at: string;
}

export interface MemberTable {
  project_id: number;
  reviewer: string;
  role: 'owner' | 'reviewer' | 'viewer';
  added_at: string;
}

export interface SearchTable {
  id: Generated<number>;
  project_id: number;
  /** Source database as PRISMA counts it: pubmed, embase, scopus, web-of-science, grey-literature, citation-chasing, … */
  source: string;
  query: string | null;
  run_date: string | null;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  format: string;
  records_read: number;
  /** The import report of the format engine, as JSON. */
  report: string;
  imported_at: string;
  /** The search this one runs again (a living review's newer export), or null. */
  rerun_of: number | null;
}

export interface RecordTable {
  id: Generated<number>;
  project_id: number;
  search_id: number;
  /** Line of the file where the record starts: provenance. */
  file_line: number;
  source_id: string | null;
  /** The BibRecord v1, as JSON. */
  data: string;
  title: string | null;
  year: number | null;
  doi: string | null;
  pmid: string | null;
  pmcid: string | null;
  first_author: string | null;
  journal: string | null;
  created_at: ColumnType<string, string, never>;
}

/** Every search run in a project, numbered from 1 per project as PubMed's history (#1, #2, …). */
export interface SearchHistoryTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  query: string;
  translation: string;
  result_count: number;
  run_by: string;
  run_at: string;
}

/** A search kept under a name, with its count when it was last run. */
export interface SavedSearchTable {
  project_id: number;
  name: string;
  query: string;
  translation: string;
  result_count: number;
  saved_by: string;
  saved_at: string;
  last_run_at: string;
}

/** A local account of the web application; its username is the reviewer name decisions and members carry. */
export interface AccountTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** scrypt hash with its parameters and salt (see server/password.ts). */
  password_hash: string;
  is_admin: number;
  created_at: string;
}

/** An invitation link: to join Twoway, and a project with a role when one is named. */
export interface InvitationTable {
  token_hash: string;
  project_id: number | null;
  role: 'owner' | 'reviewer' | 'viewer';
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_by: string | null;
  accepted_at: string | null;
  /** Accepts that failed (a taken username); the link wears out at MAX_FAILED_ACCEPTS. */
  failed_accepts: ColumnType<number, number | undefined, number>;
}

/** Who did what: an append-only log, read by a project's owners. */
export interface AuditEventTable {
  id: Generated<number>;
  project_id: number | null;
  actor: string;
  action: string;
  /** JSON: what the action was about (ids, names, counts). */
  detail: string;
  at: string;
}
