import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase, { type Statement } from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { TwowayError } from '../../../domain/errors.js';
import { asDiskFull } from '../../disk-full.js';
import type { IndexText } from '../../../domain/query/index-text.js';
import { facetToken } from '../../../domain/query/tokens.js';
import { reindexRecords } from '../../record-index.js';
import type { Database } from '../../schema.js';
import { compileText } from '../compile-text.js';
import type { StoreEngine } from '../engine.js';
import { fts5 } from './fts5-query.js';
import { PatientSqliteDialect, SQLITE_SYNC_BUSY_MS } from './patient-sqlite.js';

/** The columns of the FTS5 table, in order: the text columns of IndexText, then the facet tokens. */
const FTS_COLUMNS = ['title', 'abstract', 'keywords', 'authors', 'journal', 'facets'] as const;

const FTS_INSERT = `insert into record_fts (rowid, ${FTS_COLUMNS.join(', ')}) values (?${', ?'.repeat(FTS_COLUMNS.length)})`;

const SCORE_UPSERT = `insert into priority_score (project_id, record_id, score, rank, model_version) values (?, ?, ?, ?, ?)
  on conflict (project_id, record_id) do update set score = excluded.score, rank = excluded.rank, model_version = excluded.model_version`;

/**
 * The project token of a record in the SQLite index: searches add it to their MATCH, so that FTS5 alone answers
 * "records of this project matching the query" without visiting the record table (measured in bench:search:
 * the join to record for the project filter cost 50 times the FTS5 work itself).
 */
export function projectToken(projectId: number): string {
  return facetToken('pj', String(projectId));
}

/** The values of a record's FTS5 row, in FTS_INSERT's order: rowid, the text columns, facets and project. */
function ftsRow(rowid: number | bigint, index: IndexText, projectId: number): (number | bigint | string)[] {
  const facets = index.facets ? `${index.facets} ${projectToken(projectId)}` : projectToken(projectId);
  return [rowid, ...FTS_COLUMNS.map((c) => (c === 'facets' ? facets : index[c]))];
}

/** The FTS5 table of the SQLite store: contentless (the text lives in record.data), one row a record. */
async function createFtsTable(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table record_fts using fts5(${sql.raw(FTS_COLUMNS.join(', '))}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  // index leaves the size of a database page (8 KiB): bulk imports write less (bench:import)
  await sql`insert into record_fts (record_fts, rank) values ('pgsz', 8000)`.execute(db);
}

/**
 * SQLite: FTS5 for full-text search; imports and rankings write through prepared statements on the connection
 * (measured: 100,000 records in a third less time than through Kysely's query builder; a ranking of 100,000
 * records 1.5–1.9 s through Kysely, 0.5–0.65 s so). `sqlite` is the connection, when
 * the engine serves one (migrations need none).
 */
export function sqliteEngine(sqlite?: SqliteDatabase.Database): StoreEngine {
  let prepared: { record: Statement; fts: Statement; score: Statement } | undefined;
  const statements = () => {
    if (!sqlite) throw new Error('this SQLite engine has no connection to write records with');
    return (prepared ??= {
      record: sqlite.prepare(
        `insert into record (project_id, search_id, created_at, file_line, source_id, data, title, year, doi, pmid, pmcid, first_author, journal)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      fts: sqlite.prepare(FTS_INSERT),
      score: sqlite.prepare(SCORE_UPSERT),
    });
  };
  const engine: StoreEngine = {
    name: 'sqlite',
    searchLabel: 'SQLite FTS5',
    idType: 'integer',
    autoId: (column) => column.primaryKey().autoIncrement(),
    async rebuildTextIndex(db) {
      await sql`drop table record_fts`.execute(db);
      await createFtsTable(db);
      return reindexRecords(db, engine);
    },
    async indexRecord(db, recordId, projectId, text) {
      await sql`insert into record_fts (rowid, ${sql.raw(FTS_COLUMNS.join(', '))}) values (${sql.join(ftsRow(recordId, text, projectId))})`.execute(
        db,
      );
    },
    compileSearch: (projectId, node) =>
      fts5.and([compileText(node, fts5), `{facets} : "${projectToken(projectId)}"`]),
    selectMatches: (_projectId, compiled, countOnly) =>
      // the project is in the MATCH itself (its token), so FTS5 alone answers
      countOnly
        ? sql`select count(*) as n from record_fts where record_fts match ${compiled}`
        : sql`select rowid as id from record_fts where record_fts match ${compiled} order by rowid`,
    writeTransaction: (db, work) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await work(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          // SQLite ends the transaction itself on some errors (SQLITE_FULL among them): a rollback then would
          // fail with "no transaction is active" and hide the real error
          if (sqlite?.inTransaction ?? true) await sql`rollback`.execute(conn).catch(() => undefined);
          throw asDiskFull(error) ?? error;
        }
      }),
    lockProject: async () => undefined,
    lockAccounts: async () => undefined,
    jsonValue(column, path) {
      const at = `$${path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${JSON.stringify(k)}`)).join('')}`;
      return sql`json_extract(${sql.ref(column)}, ${at})`;
    },
    async insertRecords(_trx, rows, { projectId, searchId, now }) {
      // on the connection that holds the transaction (better-sqlite3 has one)
      const { record, fts } = statements();
      for (const r of rows) {
        const { lastInsertRowid } = record.run(
          projectId,
          searchId,
          now,
          r.file_line,
          r.source_id,
          r.data,
          r.title,
          r.year,
          r.doi,
          r.pmid,
          r.pmcid,
          r.first_author,
          r.journal,
        );
        fts.run(...ftsRow(lastInsertRowid, r.index, projectId));
      }
    },
    async upsertScores(_trx, { projectId, version }, rows) {
      // on the connection that holds the transaction, as insertRecords
      const { score } = statements();
      for (const r of rows) score.run(projectId, r.recordId, r.score, r.rank, version);
    },
    async unindexSearch(trx, searchId) {
      // contentless_delete=1: rows of a contentless table can be deleted by rowid
      await sql`delete from record_fts where rowid in (select id from record where search_id = ${searchId})`.execute(
        trx,
      );
    },
  };
  return engine;
}

/** Opens (or creates) the SQLite file of a store. */
export function connectSqlite(file: string): {
  db: Kysely<Database>;
  engine: StoreEngine;
  sqlite: SqliteDatabase.Database;
  path: string;
} {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(path, { timeout: SQLITE_SYNC_BUSY_MS });
  } catch (error) {
    throw new TwowayError({ code: 'E_DB', message: `cannot open ${path}: ${(error as Error).message}` });
  }
  // 8 KiB pages (new databases only): records are ~2–4 KB of JSON, and bench:import measured a third less
  // commit time than with 4 KiB pages
  sqlite.pragma('page_size = 8192');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // 64 MB of page cache: a bulk import spills less to the write-ahead log (bench:import)
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new PatientSqliteDialect({ database: sqlite }) });
  return { db, engine: sqliteEngine(sqlite), sqlite, path };
}
