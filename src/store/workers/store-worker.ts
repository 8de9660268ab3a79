import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The loader flags of this process that a worker needs too (workers refuse V8 heap flags such as the CLI's
 * --max-semi-space-size); under TypeScript sources, tsx is added when it is not there.
 */
function workerExecArgv(typescript: boolean): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^--(import|require|loader|experimental-loader|conditions)$/.test(arg) && argv[i + 1] !== undefined)
      out.push(arg, argv[++i]!);
    else if (/^--(import|require|loader|experimental-loader|conditions)=/.test(arg)) out.push(arg);
  }
  if (typescript && !out.some((a) => a.includes('tsx'))) out.push('--import', 'tsx');
  return out;
}

/**
 * Starts a worker thread running a module of the store (`new URL('./parse-worker', import.meta.url)`, named
 * without its extension): the same kind of module as this one — .ts under tsx in development, .js when built —
 * with the loader flags it needs.
 */
export function startStoreWorker(module: URL, options: Omit<WorkerOptions, 'execArgv'>): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  return new Worker(new URL(`${module.href}${extension}`), {
    ...options,
    execArgv: workerExecArgv(extension === '.ts'),
  });
}
