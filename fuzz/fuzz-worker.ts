import { parentPort } from 'node:worker_threads';
import { TwowayError } from '../src/domain/errors.js';
import { openRecordStream } from '../src/domain/formats/open-stream.js';
import type { BibRecord } from '../src/domain/record/bib-record.js';

/**
 * The fuzzer's worker thread: reads one input the way an import does (and serialises every record, as the store
 * does), and answers what happened. The main thread times it and watches its memory: a hang or an overflow ends
 * this worker, not the fuzzer.
 */
export type FuzzJob =
  | { type: 'read'; id: number; name: string; bytes: Uint8Array; strict: boolean }
  | { type: 'loss'; id: number; name: string; bytes: Uint8Array; cuts: number };

export type FuzzAnswer =
  | { id: number; outcome: 'read'; records: number }
  | { id: number; outcome: 'refused'; code: string; message: string }
  | { id: number; outcome: 'crash'; message: string; stack: string }
  | { id: number; outcome: 'loss-checked'; checks: number; losses: string[] };

async function read(
  bytes: Uint8Array,
  name: string,
  strict: boolean,
): Promise<{ list: BibRecord[]; lines: number[]; error?: TwowayError }> {
  const list: BibRecord[] = [];
  const lines: number[] = [];
  try {
    const stream = await openRecordStream([bytes], name, strict ? { strict } : {});
    for await (const record of stream.records) {
      list.push(record);
      lines.push(stream.collector.currentLine);
      JSON.stringify(record);
    }
    return { list, lines };
  } catch (error) {
    if (error instanceof TwowayError) return { list, lines, error };
    throw error;
  }
}

/**
 * The loss check: cut the file where one of its records starts (a line of its own) and read it again; every
 * record before the cut must still be read, the same.
 */
async function lossCheck(job: Extract<FuzzJob, { type: 'loss' }>): Promise<FuzzAnswer> {
  const whole = await read(job.bytes, job.name, false);
  const source = new TextDecoder().decode(job.bytes);
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const losses: string[] = [];
  let checks = 0;
  // records that start on a line of their own (a one-line XML export has none to cut between)
  const candidates = whole.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line, index }) => index > 0 && line > 1 && whole.lines[index - 1] !== line);
  const step = Math.max(1, Math.floor(candidates.length / job.cuts));
  for (let c = 0; c < candidates.length && checks < job.cuts; c += step) {
    const { line, index } = candidates[c]!;
    const cut = new TextEncoder().encode(source.slice(0, lineStarts[line - 1]));
    const part = await read(cut, job.name, false);
    checks++;
    const kept = part.list.slice(0, index).map((r) => r.title);
    const expected = whole.list.slice(0, index).map((r) => r.title);
    if (JSON.stringify(kept) !== JSON.stringify(expected))
      losses.push(
        `${job.name} cut before line ${line}: ${part.list.length} of the ${index} records before it read${part.error ? ` (${part.error.code})` : ''}`,
      );
  }
  return { id: job.id, outcome: 'loss-checked', checks, losses };
}

parentPort?.on('message', async (job: FuzzJob) => {
  let answer: FuzzAnswer;
  try {
    if (job.type === 'loss') answer = await lossCheck(job);
    else {
      const result = await read(job.bytes, job.name, job.strict);
      answer = result.error
        ? { id: job.id, outcome: 'refused', code: result.error.code, message: result.error.message }
        : { id: job.id, outcome: 'read', records: result.list.length };
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { id: job.id, outcome: 'crash', message: `${e.name}: ${e.message}`, stack: e.stack ?? '' };
  }
  parentPort?.postMessage(answer);
});
