import type { Command } from 'commander';
import { counted } from '../domain/text/counted.js';
import { backupStore, restoreStore, type BackupSummary } from '../store/backup.js';
import { locateStore } from '../store/open-store.js';
import { print, withStoreOptions, type StoreCliOptions } from './store-option.js';

interface BackupOptions extends StoreCliOptions {
  output: string;
  force?: boolean;
}

function summary(done: string, s: BackupSummary): string {
  const held =
    s.records === undefined
      ? ''
      : ` (${counted(s.projects ?? 0, 'project')}, ${counted(s.records, 'record')})`;
  return `${done} ${s.file}: ${s.engine}, ${counted(s.bytes, 'byte')}${held}`;
}

/** `twoway backup -o file` and `twoway restore file`: a consistent copy of the database, and putting one back. */
export function registerBackup(program: Command): void {
  withStoreOptions(
    program
      .command('backup')
      .description(
        'write a consistent backup of the database, also while the server runs and an import writes (SQLite: one file; PostgreSQL: pg_dump)',
      )
      .requiredOption('-o, --output <file>', 'the backup file')
      .option('--force', 'replace the file if it exists'),
    { project: false },
  ).action(async (options: BackupOptions) => {
    const done = await backupStore(locateStore(options.db), options.output, {
      force: Boolean(options.force),
    });
    print(options, done, summary('backed up to', done));
  });
  withStoreOptions(
    program
      .command('restore')
      .description('put a backup in place of the database (stop the server first)')
      .argument('<file>', 'a file `twoway backup` wrote')
      .option('--force', 'replace the database if it exists'),
    { project: false },
  ).action(async (file: string, options: BackupOptions) => {
    const done = await restoreStore(file, locateStore(options.db), { force: Boolean(options.force) });
    print(options, done, summary('restored from', done));
  });
}
