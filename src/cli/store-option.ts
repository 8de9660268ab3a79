import { Option, type Command } from 'commander';
import { locateStore, openStore, type OpenOptions, type Store } from '../store/open-store.js';

export interface StoreCliOptions {
  db?: string;
  json?: boolean;
  project?: number;
}

/** Adds the options every store command has: --db (with its environment variables), --json, --project. */
export function withStoreOptions(command: Command, { project = true } = {}): Command {
  command.addOption(
    new Option(
      '--db <path-or-url>',
      'SQLite file or postgres:// URL (env: DATABASE_URL for PostgreSQL, TWOWAY_DB; default ./twoway-data/twoway.db)',
    ),
  );
  command.option('--json', 'machine-readable output');
  if (project)
    command.addOption(
      new Option('--project <id>', 'project id (default: the only project)').argParser((v) => Number(v)),
    );
  return command;
}

/** Opens the store a command was pointed at, runs `work`, and closes it whatever happens. */
export async function withStore<T>(
  options: StoreCliOptions,
  work: (store: Store) => Promise<T>,
  open: OpenOptions = {},
): Promise<T> {
  const store = await openStore(locateStore(options.db), open);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Prints a result: JSON with --json, else the human text. */
export function print(options: StoreCliOptions, json: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}
