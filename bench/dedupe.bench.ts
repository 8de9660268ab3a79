/**
 * `npm run bench:dedupe`: precision, recall and F1 of automatic merges on the labelled IEBH libraries (copper,
 * tafenoquine) and on 100,000 generated records of which 10,000 are altered copies (case, punctuation, a lost
 * DOI or PMID, a dropped first page, an abbreviated journal), with the time taken.
 * Targets (issue 3): precision ≥ 0.995, recall ≥ 0.95, 100,000 records in ≤ 10 s.
 * First the bib-dedupe benchmark sets (../shared/data/dedupe/bib-dedupe, or BENCH_BIB_DEDUPE): record-level
 * TP/FP/FN/TN as that benchmark counts them, side by side with the peers' published figures (peers.json), and
 * the size of the review queue. Targets (issue 18): precision 1.000, F1 ≥ bib-dedupe's, a review queue ≤ 5 % of
 * the records.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BibRecord } from '../src/domain/record/bib-record.js';
import { findDuplicates } from '../src/domain/dedupe/dedupe.js';
import {
  scoreAgainstClusters,
  scoreAgainstLabels,
  scoreReviewQueue,
  type DedupeScore,
} from '../src/domain/dedupe/evaluate.js';
import { readAll } from '../src/domain/formats/open-stream.js';
import { makeRecord, prng } from '../src/store/test-support/generate-records.js';

const ROOT = join(import.meta.dirname, '..');
const format = (s: DedupeScore): string =>
  `precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, F1 ${s.f1.toFixed(4)} (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives})`;

const BIB_DEDUPE = process.env.BENCH_BIB_DEDUPE ?? join(ROOT, '..', 'shared', 'data', 'dedupe', 'bib-dedupe');
interface PeerFigures {
  TP: number;
  FP: number;
  FN: number;
  TN: number;
  precision: number;
  recall: number;
  f1: number;
  runtime_s: number;
}
const peers = existsSync(join(BIB_DEDUPE, 'peers.json'))
  ? (JSON.parse(readFileSync(join(BIB_DEDUPE, 'peers.json'), 'utf8')) as {
      sets: Record<string, Record<string, PeerFigures>>;
    })
  : undefined;
if (!peers) console.log(`no bib-dedupe sets at ${BIB_DEDUPE} (set BENCH_BIB_DEDUPE): skipped`);
const row = (
  who: string,
  s: { TP: number; FP: number; FN: number; TN: number; precision: number; recall: number; f1: number },
  time: string,
  extra = '',
) =>
  `  ${who.padEnd(10)} TP ${String(s.TP).padStart(4)}  FP ${String(s.FP).padStart(4)}  FN ${String(s.FN).padStart(4)}  TN ${String(s.TN).padStart(5)}  precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}  ${time}${extra}`;
for (const name of peers ? ['stroke', 'digital_work', 'special_cases'] : []) {
  const file = join(BIB_DEDUPE, name, 'records_pre_merged.csv');
  const { list } = await readAll(readFileSync(file), file);
  const clusterOf = new Map<string, number>();
  readFileSync(join(BIB_DEDUPE, name, 'merged_record_ids.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .forEach((line, n) => {
      for (const id of line.replace(/"/g, '').split(';')) if (id.trim()) clusterOf.set(id.trim(), n);
    });
  const truth = list.map((r) => clusterOf.get(r.sourceId ?? ''));
  const started = performance.now();
  const result = findDuplicates(list);
  const ms = performance.now() - started;
  const s = scoreAgainstClusters(result, truth);
  const queue = result.review.length;
  console.log(
    `${name}: ${list.length} records, ${truth.filter((t) => t !== undefined).length} in ${new Set(truth.filter((t) => t !== undefined)).size} true clusters`,
  );
  console.log(
    row(
      'Twoway',
      {
        TP: s.truePositives,
        FP: s.falsePositives,
        FN: s.falseNegatives,
        TN: s.trueNegatives,
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
      },
      `${(ms / 1000).toFixed(2)} s`,
      `  review queue ${queue} pairs (${((100 * queue) / list.length).toFixed(1)} % of the records; target ≤ 5 %)`,
    ),
  );
  const queueYield = scoreReviewQueue(result, truth);
  console.log(
    `  review     ${queueYield.pairs} pairs, ${queueYield.truePairs} of them true duplicates; once a reviewer confirms those: recall ${queueYield.confirmed.recall.toFixed(4)}, F1 ${queueYield.confirmed.f1.toFixed(4)}`,
  );
  for (const [peer, p] of Object.entries(peers?.sets[name] ?? {}).filter(([, v]) => typeof v === 'object'))
    console.log(
      row(
        peer,
        p,
        `${p.runtime_s} s`,
        peer === 'bib-dedupe' ? `  (Twoway F1 − bib-dedupe F1: ${(s.f1 - p.f1).toFixed(4)})` : '',
      ),
    );
}

for (const name of ['copper', 'tafenoquine']) {
  const { list } = await readAll(
    readFileSync(join(ROOT, 'src/domain/dedupe/fixtures', `${name}.xml`)),
    `${name}.xml`,
  );
  const flagged = list.map((r) => (r.extra?.caption ?? []).includes('Duplicate'));
  const started = performance.now();
  const result = findDuplicates(list);
  const ms = performance.now() - started;
  console.log(
    `${name.padEnd(12)} ${list.length} records, ${flagged.filter(Boolean).length} flagged: ${format(scoreAgainstLabels(result, flagged))}; ${result.review.length} pairs for review; ${ms.toFixed(0)} ms`,
  );
}

/** An altered copy, as another database would export the same paper. */
function alter(r: BibRecord, rand: () => number): BibRecord {
  const copy: BibRecord = structuredClone(r);
  const t = copy.title ?? '';
  const change = Math.floor(rand() * 5);
  if (change === 0) copy.title = t.toUpperCase();
  else if (change === 1) copy.title = `${t.replace(/:/g, ' -')}.`;
  else if (change === 2)
    copy.title = t.replace(/\b(\w)(\w+)/, (_, a: string, b: string) => `${a}${b}`.toLowerCase());
  else if (change === 3) copy.title = t.replace(/ a /, ' an ');
  if (rand() < 0.4) delete copy.doi;
  if (rand() < 0.4) delete copy.pmid;
  if (rand() < 0.3) delete copy.pages;
  if (rand() < 0.5 && copy.journal?.title)
    copy.journal = {
      abbrev: copy.journal.title
        .split(' ')
        .map((w) => w.slice(0, 4))
        .join(' '),
    };
  return copy;
}

const rand = prng(7);
const TOTAL = Number(process.env.BENCH_RECORDS ?? 100_000);
const COPIES = Math.round(TOTAL / 10);
const records: BibRecord[] = [];
for (let i = 0; i < TOTAL - COPIES; i++) records.push(makeRecord(rand, i));
const flagged = records.map(() => false);
for (let i = 0; i < COPIES; i++) {
  const original = Math.floor(rand() * (TOTAL - COPIES));
  records.push(alter(records[original]!, rand));
  flagged[original] = true;
  flagged.push(true);
}
const started = performance.now();
const result = findDuplicates(records);
const seconds = (performance.now() - started) / 1000;
console.log(
  `generated    ${records.length} records, ${COPIES} altered copies: ${format(scoreAgainstLabels(result, flagged))}; ${result.review.length} pairs for review; ${seconds.toFixed(2)} s (${Math.round(records.length / seconds)} records/s; target ≤ 10 s)`,
);
