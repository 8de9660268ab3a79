import type { ColumnDefinitionBuilder, Kysely, RawBuilder, Transaction } from 'kysely';
import type { IndexText } from '../../domain/query/index-text.js';
import type { SearchNode } from '../../domain/query/search-node.js';
import type { RecordRow } from '../record-rows.js';
import type { Database } from '../schema.js';

/**
 * The seam between the store and its two engines, as Kysely's dialect folders are: everything that differs
 * between SQLite and PostgreSQL is written once per engine behind this interface (`engine/sqlite`,
 * `engine/postgres`), and nothing else in the store asks which engine it runs on.
 */
export type EngineName = 'sqlite' | 'postgres';

/** A match of a full-text search: a record id, or the count. */
export type MatchRow = { id: number; n: number };

/** A record's place in a model's ranking. */
export interface ScoreRow {
  recordId: number;
  score: number;
  rank: number;
}

/** A connection's way to run a write transaction. */
export type WriteWork<T> = (trx: Transaction<Database> | Kysely<Database>) => Promise<T>;

export interface StoreEngine {
  readonly name: EngineName;
  /** What a search runs as, for `search --explain`. */
  readonly searchLabel: string;
  /** The SQL type of an auto-numbered id column, and the constraint that numbers it. */
  readonly idType: 'integer' | 'serial';
  autoId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Drops and rebuilds the records' full-text index from the stored records; returns how many it indexed. */
  rebuildTextIndex(db: Kysely<unknown>): Promise<number>;
  /** Writes one stored record's full-text index entry (into a rebuilt index). */
  indexRecord(db: Kysely<unknown>, recordId: number, projectId: number, text: IndexText): Promise<void>;
  /** A resolved query compiled for this engine's full-text index, for one project. */
  compileSearch(projectId: number, node: SearchNode): string;
  /** The statement that finds (or counts) a project's records matching a compiled query. */
  selectMatches(projectId: number, compiled: string, countOnly: boolean): RawBuilder<MatchRow>;
  /**
   * Runs `work` in one write transaction that cannot fail half-way on a lock: SQLite begins IMMEDIATE (the
   * write lock first, waiting for another writer); PostgreSQL runs an ordinary transaction.
   */
  writeTransaction<T>(db: Kysely<Database>, work: WriteWork<T>): Promise<T>;
  /**
   * Makes another transaction that writes the same project's imports wait for this one (SQLite's IMMEDIATE
   * transaction serialises every writer already).
   */
  lockProject(trx: Transaction<Database> | Kysely<Database>, projectId: number): Promise<void>;
  /**
   * A value inside a JSON text column, as SQL: `path` is a list of keys (an array index as a number). Objects
   * and arrays come back as JSON text, scalars as text or numbers (callers convert).
   */
  jsonValue(column: string, path: readonly (string | number)[]): RawBuilder<unknown>;
  /** Makes a racing first sign-up wait for the first (SQLite's IMMEDIATE transaction does that already). */
  lockAccounts(trx: Transaction<Database> | Kysely<Database>): Promise<void>;
  /** Writes one batch of an import's records with their full-text index entries (the import's hot path). */
  insertRecords(
    trx: Transaction<Database> | Kysely<Database>,
    rows: readonly RecordRow[],
    into: { projectId: number; searchId: number; now: string },
  ): Promise<void>;
  /**
   * Writes one batch of a model's ranking — a record's score and rank under model `version` — over the record's
   * earlier one (every retrain writes every record: the hot path of a retrain).
   */
  upsertScores(
    trx: Transaction<Database> | Kysely<Database>,
    into: { projectId: number; version: number },
    rows: readonly ScoreRow[],
  ): Promise<void>;
  /** Takes the records of one search out of the full-text index, before they are deleted. */
  unindexSearch(trx: Transaction<Database> | Kysely<Database>, searchId: number): Promise<void>;
}
