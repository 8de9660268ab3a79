import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { importFile } from './imports.js';
import { ParserThread } from './parsed-rows.js';
import { openStore, type Store } from '../open-store.js';
import { createProject } from '../repositories/projects.js';
import { freshLocation, testEngines } from '../test-support/engines.js';

/** Every worker thread the store starts during these tests, and those that have exited. */
const workers = vi.hoisted(() => ({ started: [] as Worker[], exited: new Set<Worker>() }));

vi.mock('../workers/store-worker.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../workers/store-worker.js')>();
  return {
    ...actual,
    startStoreWorker: (...args: Parameters<typeof actual.startStoreWorker>) => {
      const worker = actual.startStoreWorker(...args);
      workers.started.push(worker);
      worker.once('exit', () => workers.exited.add(worker));
      return worker;
    },
  };
});

const SEED = join(
  import.meta.dirname,
  '..',
  '..',
  'domain',
  'formats',
  'fixtures',
  'endnote-one-line-gbk-mojibake.txt',
);

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

/** Makes every new search row fail, as a database that refuses the import's first write would. */
async function refuseSearches(store: Store): Promise<void> {
  if (store.engine.name === 'sqlite') {
    await sql`create trigger refuse_search before insert on search begin select raise(abort, 'refused by the test'); end`.execute(
      store.db,
    );
    return;
  }
  await sql`create function refuse_search() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(
    store.db,
  );
  await sql`create trigger refuse_search before insert on search for each row execute function refuse_search()`.execute(
    store.db,
  );
}

describe.each(testEngines())('the parse worker of an import (%s)', (engine) => {
  it('is stopped when the transaction fails before the first batch is read, and the database is unchanged', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'T', owner: 'o' });
    await refuseSearches(store);
    const before = workers.started.length;
    await expect(importFile(store, { projectId: project.id, path: SEED, source: 'pubmed' })).rejects.toThrow(
      /refused by the test/,
    );
    const mine = workers.started.slice(before);
    expect(mine).toHaveLength(1);
    // a worker left running would wait for credits for ever and keep the process alive
    await vi.waitFor(() => expect(mine.every((w) => workers.exited.has(w))).toBe(true), { timeout: 5000 });
    expect(await store.db.selectFrom('search').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('record').select('id').execute()).toEqual([]);
  });

  it('has exited once an import succeeded', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'T', owner: 'o' });
    const before = workers.started.length;
    const result = await importFile(store, { projectId: project.id, path: SEED, source: 'pubmed' });
    expect(result.recordsRead).toBe(1);
    const mine = workers.started.slice(before);
    expect(mine).toHaveLength(1);
    await vi.waitFor(() => expect(mine.every((w) => workers.exited.has(w))).toBe(true), { timeout: 5000 });
  });

  it('one thread reads the files of a run one after another, past a file it refused and one it cut short', async () => {
    const store = await openStore(await freshLocation(engine));
    opened.push(store);
    const project = await createProject(store, { title: 'T', owner: 'o' });
    const dir = mkdtempSync(join(tmpdir(), 'twoway-parser-'));
    const ris = (n: number, title: string) => {
      const path = join(dir, `${title}.ris`);
      writeFileSync(
        path,
        Array.from({ length: n }, (_, i) => `TY  - JOUR\nTI  - ${title} ${i}\nPY  - 2010\nER  - \n`).join(
          '\n',
        ),
      );
      return path;
    };
    const notBibliographic = join(dir, 'package.json');
    writeFileSync(notBibliographic, '{"name":"x"}');
    const parser = new ParserThread();
    const before = workers.started.length;
    try {
      const first = await importFile(store, {
        projectId: project.id,
        path: ris(3, 'first'),
        source: 'pubmed',
        parser,
      });
      await expect(
        importFile(store, { projectId: project.id, path: notBibliographic, source: 'pubmed', parser }),
      ).rejects.toMatchObject({ code: 'E_NO_RECORDS' });
      // a duplicate file is refused before its rows are read: its parsing is cancelled mid-file
      await expect(
        importFile(store, { projectId: project.id, path: join(dir, 'first.ris'), source: 'pubmed', parser }),
      ).rejects.toMatchObject({ code: 'E_DUPLICATE_IMPORT' });
      // the big file is read ahead while the duplicate is refused (it is taken next)
      const [bigPath, lastPath] = [ris(3000, 'big'), ris(2, 'last')];
      await expect(
        importFile(store, {
          projectId: project.id,
          path: join(dir, 'first.ris'),
          source: 'pubmed',
          parser,
          readAhead: bigPath,
        }),
      ).rejects.toMatchObject({ code: 'E_DUPLICATE_IMPORT' });
      const big = await importFile(store, { projectId: project.id, path: bigPath, source: 'pubmed', parser });
      // a file read ahead but not taken is dropped, and the thread reads what it is asked for instead
      parser.prefetch(ris(5, 'never'), { strict: false }, 500);
      const last = await importFile(store, {
        projectId: project.id,
        path: lastPath,
        source: 'pubmed',
        parser,
      });
      expect([first.recordsRead, big.recordsRead, last.recordsRead]).toEqual([3, 3000, 2]);
      expect(last.report.format).toBe('ris');
      expect(workers.started.length - before).toBe(1);
    } finally {
      await parser.close();
    }
    const mine = workers.started.slice(before);
    await vi.waitFor(() => expect(mine.every((w) => workers.exited.has(w))).toBe(true), { timeout: 5000 });
    expect(
      Number(
        (
          await store.db
            .selectFrom('record')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(3005);
  });
});
