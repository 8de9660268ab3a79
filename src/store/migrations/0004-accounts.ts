import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';

/** Migration 0004-accounts. Released: never edited again (a change is a new migration). */
export function m0004(engine: StoreEngine): Migration {
  return {
    // the web application: local accounts, sessions, invitations, the audit log, and an index that finds a
    // reviewer's next record without reading every decision of the project
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('auth_session')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('auth_session_account').on('auth_session').column('account_id').execute();
      await db.schema
        .createTable('invitation')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'integer', (c) => c.references('project.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'reviewer', 'viewer')`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('accepted_by', 'text')
        .addColumn('accepted_at', 'text')
        .execute();
      await db.schema
        .createTable('audit_event')
        .addColumn('id', engine.idType, (c) => engine.autoId(c))
        .addColumn('project_id', 'integer', (c) => c.references('project.id').onDelete('cascade'))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_event_project')
        .on('audit_event')
        .columns(['project_id', 'id'])
        .execute();
      await db.schema
        .createIndex('decision_reviewer')
        .on('decision')
        .columns(['project_id', 'stage', 'reviewer', 'record_id'])
        .execute();
      await db.schema
        .createIndex('duplicate_cluster_canonical')
        .on('duplicate_cluster')
        .column('canonical_record_id')
        .execute();
    },
  };
}
