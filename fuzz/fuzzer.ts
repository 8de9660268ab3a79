import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { seededRandom } from '../src/domain/prioritise/random.js';
import { startStoreWorker } from '../src/store/workers/store-worker.js';
import type { FuzzAnswer, FuzzJob } from './fuzz-worker.js';
import { mutate, type FuzzSize } from './mutate.js';

/**
 * Twoway's fuzzer: mutated fixtures of every reader, each read in a worker thread under a watchdog on time and
 * memory. A crash is an exception that is not a TwowayError (a reader's bug); a hang is an input not read within
 * the time limit; over-memory is a worker past its heap limit; a loss is a record complete before a cut that is
 * no longer read.
 */
export interface FuzzInput {
  name: string;
  bytes: Uint8Array;
}

export interface Finding {
  kind: 'crash' | 'hang' | 'over-memory' | 'loss';
  input: string;
  mutations: string[];
  message: string;
  bytes?: Uint8Array;
}

export interface FuzzReport {
  inputs: number;
  read: number;
  refused: number;
  crashes: number;
  hangs: number;
  overMemory: number;
  lossChecks: number;
  losses: number;
  findings: Finding[];
  milliseconds: number;
}

export interface FuzzOptions {
  seed: number;
  inputs: number;
  corpus: readonly FuzzInput[];
  timeoutMs: number;
  memoryMb: number;
  size: FuzzSize;
  /** Cuts per corpus file for the loss check (0: none). */
  lossCuts: number;
  onProgress?: (done: number) => void;
}

const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'src', 'domain', 'formats', 'fixtures');
/** Every input the fuzzer ever found a crash, hang or overflow with, kept and read again by the tests. */
export const CRASHES = join(ROOT, 'fuzz', 'crashes');

function filesOf(dir: string, keep: (name: string) => boolean): FuzzInput[] {
  return readdirSync(dir)
    .filter((name) => keep(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

/** The fixtures of every reader (their expected outputs and notes left out). */
export function fixtureCorpus(): FuzzInput[] {
  return filesOf(
    FIXTURES,
    (n) => !n.endsWith('.expected.json') && !/\.(md|licenses)$/.test(n) && !n.startsWith('.'),
  );
}

/** The kept regression inputs. */
export function regressionInputs(): FuzzInput[] {
  return filesOf(CRASHES, (n) => !n.startsWith('.') && !n.endsWith('.md'));
}

type Outcome =
  FuzzAnswer | { outcome: 'hang' } | { outcome: 'over-memory' } | { outcome: 'died'; message: string };

/** One worker at a time, replaced when it hangs or dies. */
class Watchdog {
  private worker: Worker | undefined;
  constructor(private readonly options: Pick<FuzzOptions, 'timeoutMs' | 'memoryMb'>) {}

  private start(): Worker {
    return startStoreWorker(new URL('./fuzz-worker', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, stackSizeMb: 4 },
    });
  }

  run(job: FuzzJob): Promise<Outcome> {
    const worker = (this.worker ??= this.start());
    return new Promise((resolve) => {
      const done = (outcome: Outcome, replace: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (replace) {
          void worker.terminate();
          this.worker = undefined;
        }
        resolve(outcome);
      };
      const onMessage = (answer: FuzzAnswer) => done(answer, false);
      const onError = (error: Error & { code?: string }) =>
        done(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { outcome: 'over-memory' }
            : { outcome: 'died', message: `${error.name}: ${error.message}` },
          true,
        );
      const onExit = (code: number) =>
        done({ outcome: 'died', message: `the worker exited with ${code}` }, true);
      const timer = setTimeout(() => done({ outcome: 'hang' }, true), this.options.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** Reads inputs under the watchdog and counts what happened; deterministic given the seed. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const watchdog = new Watchdog(options);
  const report: FuzzReport = {
    inputs: 0,
    read: 0,
    refused: 0,
    crashes: 0,
    hangs: 0,
    overMemory: 0,
    lossChecks: 0,
    losses: 0,
    findings: [],
    milliseconds: 0,
  };
  const found = (finding: Finding) => {
    report.findings.push(finding);
    if (finding.kind === 'crash') report.crashes++;
    else if (finding.kind === 'hang') report.hangs++;
    else if (finding.kind === 'over-memory') report.overMemory++;
    else report.losses++;
  };
  try {
    if (options.lossCuts > 0)
      for (const [id, input] of options.corpus.entries()) {
        const answer = await watchdog.run({ type: 'loss', id, ...input, cuts: options.lossCuts });
        if (answer.outcome === 'loss-checked') {
          report.lossChecks += answer.checks;
          for (const message of answer.losses)
            found({ kind: 'loss', input: input.name, mutations: ['cut'], message });
        } else found(outcomeFinding(answer, input, ['cut'], input.bytes));
      }
    for (let i = 0; i < options.inputs; i++) {
      const input = options.corpus[random.below(options.corpus.length)]!;
      const { bytes, kinds } = mutate(input.bytes, random, options.size);
      const strict = random.next() < 0.25;
      const answer = await watchdog.run({ type: 'read', id: i, name: input.name, bytes, strict });
      report.inputs++;
      if (answer.outcome === 'read') report.read++;
      else if (answer.outcome === 'refused') report.refused++;
      else found(outcomeFinding(answer, input, kinds, bytes));
      options.onProgress?.(i + 1);
    }
  } finally {
    await watchdog.close();
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}

function outcomeFinding(answer: Outcome, input: FuzzInput, mutations: string[], bytes: Uint8Array): Finding {
  const base = { input: input.name, mutations, bytes };
  switch (answer.outcome) {
    case 'hang':
      return { ...base, kind: 'hang', message: 'not read within the time limit' };
    case 'over-memory':
      return { ...base, kind: 'over-memory', message: 'the worker ran past its heap limit' };
    case 'crash':
      return {
        ...base,
        kind: 'crash',
        message: `${answer.message}\n${answer.stack.split('\n').slice(1, 4).join('\n')}`,
      };
    case 'died':
      return { ...base, kind: 'crash', message: answer.message };
    default:
      return { ...base, kind: 'crash', message: `unexpected answer ${answer.outcome}` };
  }
}
