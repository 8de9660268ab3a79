import { Option, type Command } from 'commander';
import { locateStore, openStore } from '../store/open-store.js';
import { withStoreOptions, type StoreCliOptions } from './store-option.js';

interface ServeOptions extends StoreCliOptions {
  port: number;
  host: string;
  secureCookies?: boolean;
  log?: boolean;
}

export function registerServe(program: Command): void {
  withStoreOptions(
    program
      .command('serve')
      .description('run the web application and its API (http://127.0.0.1:4280 by default)')
      .addOption(
        new Option('--port <n>', 'port to listen on (env: PORT)')
          .env('PORT')
          .default(4280)
          .argParser((v) => Number(v)),
      )
      .addOption(
        new Option('--host <address>', 'address to listen on (env: HOST)').env('HOST').default('127.0.0.1'),
      )
      .option('--secure-cookies', 'send the session cookie over HTTPS only (behind a TLS proxy)')
      .option('--log', 'log every request as JSON lines'),
    { project: false },
  ).action(async (options: ServeOptions) => {
    // the server (Fastify and its plugins) is loaded only here: every other command starts without it
    const { buildApp } = await import('../server/app.js');
    const store = await openStore(locateStore(options.db));
    const { app, jobs } = await buildApp({
      store,
      secureCookies: Boolean(options.secureCookies),
      // bugs are always logged (E_INTERNAL answers point to the log); --log logs every request too
      logger: { level: options.log ? 'info' : 'error' },
    });
    const address = await app.listen({ port: options.port, host: options.host });
    process.stdout.write(`Twoway is running at ${address.replace('[::1]', 'localhost')} on ${store.where}\n`);
    // graceful shutdown: stop taking requests, let running ones and the job in progress finish, close the database
    let stopping = false;
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`${signal}: stopping (finishing requests and running jobs)…\n`);
      await app.close();
      await jobs.idle();
      await store.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}
