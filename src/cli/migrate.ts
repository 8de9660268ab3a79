import type { Command } from 'commander';
import { migrate, schemaStatus } from '../store/open-store.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

export function registerMigrate(program: Command): void {
  withStoreOptions(
    program.command('migrate').description('bring the database schema up to this version of Twoway'),
    {
      project: false,
    },
  ).action(async (options: StoreCliOptions) => {
    await withStore(
      options,
      async (store) => {
        const applied = await migrate(store);
        const status = await schemaStatus(store);
        print(
          options,
          { applied, schema: status.applied },
          applied.length
            ? `applied ${applied.join(', ')} to ${store.where}`
            : `${store.where} is up to date (${status.applied.length} migrations)`,
        );
      },
      { migrate: 'never' },
    );
  });
}
