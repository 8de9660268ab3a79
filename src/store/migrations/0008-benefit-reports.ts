import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0008-benefit-reports. Released: never edited again (a change is a new migration). */
export function m0008(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const idColumn = (t: string) =>
        db.schema.createTable(t).addColumn('id', engine.idType, (c) => engine.autoId(c));
      await idColumn('registry_grant')
        .addColumn('who', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('coordinator', 'member', 'viewer')`))
        .addColumn('institution_id', 'integer', (c) => c.references('institution.id'))
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .execute();
      await idColumn('report_round')
        .addColumn('partnership_id', 'integer', (c) =>
          c.notNull().references('partnership.id').onDelete('cascade'),
        )
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('period_end', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'text')
        .addColumn('closed_at', 'text')
        .execute();
      // append-only: a draft is a row, a submission is a row that is never changed, a correction a new version
      await idColumn('benefit_report')
        .addColumn('round_id', 'integer', (c) =>
          c.notNull().references('report_round.id').onDelete('cascade'),
        )
        .addColumn('institution_id', 'integer', (c) => c.notNull().references('institution.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
        .addColumn('framework_id', 'text', (c) => c.notNull())
        .addColumn('framework_version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('benefit_report_round')
        .on('benefit_report')
        .columns(['round_id', 'institution_id'])
        .execute();
    },
  };
}
