import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StoreEngine } from '../engine/engine.js';
import { m0001 } from './0001-projects-searches-records.js';
import { m0002 } from './0002-dedupe-screening.js';
import { m0003 } from './0003-search.js';
import { m0004 } from './0004-accounts.js';
import { m0005 } from './0005-author-keys.js';
import { m0006 } from './0006-coding.js';
import { m0007 } from './0007-partnerships.js';
import { m0008 } from './0008-benefit-reports.js';
import { m0009 } from './0009-activities.js';
import { m0010 } from './0010-submissions.js';
import { m0011 } from './0011-prioritisation.js';
import { m0012 } from './0012-record-references.js';
import { m0013 } from './0013-invitation-attempts.js';
import { m0014 } from './0014-tags-assignments.js';
import { m0015 } from './0015-search-reruns.js';
import { m0016 } from './0016-full-texts.js';
import { m0017 } from './0017-feature-snapshots.js';

/**
 * The one migration set of Twoway, for both engines, one file a migration. A migration is never edited once
 * released: add a new one. Engine differences go through the engine seam (the id column and the full-text
 * index); 0001 keeps the SQLite text index it was released with.
 */
export function migrations(engine: StoreEngine): Record<string, Migration> {
  return {
    '0001-projects-searches-records': m0001(engine),
    '0002-dedupe-screening': m0002(engine),
    '0003-search': m0003(engine),
    '0004-accounts': m0004(engine),
    '0005-author-keys': m0005(engine),
    '0006-coding': m0006(engine),
    '0007-partnerships': m0007(engine),
    '0008-benefit-reports': m0008(engine),
    '0009-activities': m0009(engine),
    '0010-submissions': m0010(engine),
    '0011-prioritisation': m0011(engine),
    '0012-record-references': m0012(),
    '0013-invitation-attempts': m0013(),
    '0014-tags-assignments': m0014(engine),
    '0015-search-reruns': m0015(),
    '0016-full-texts': m0016(engine),
    '0017-feature-snapshots': m0017(engine),
  };
}

/** Kysely's migrator takes its migrations from here. */
export class TwowayMigrations implements MigrationProvider {
  constructor(private readonly engine: StoreEngine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.engine);
  }
}
