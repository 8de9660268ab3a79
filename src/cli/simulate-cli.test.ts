import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledRis } from '../store/test-support/labelled-records.js';
import { cli } from './test-support/run-cli.js';

describe('twoway simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-simulate-'));
  const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'unused.db') });
  const labelled = join(dir, 'asreview.csv');
  writeFileSync(
    labelled,
    [
      'title,abstract,label_included',
      ...Array.from({ length: 80 }, (_, i) =>
        i % 5 === 0
          ? `Hospital partnership ${i},nurses learnt surgical safety through twinning,1`
          : `Wheat yields ${i},irrigation and nitrogen in dry soils,0`,
      ),
    ].join('\n'),
  );
  const ris = join(dir, 'labelled.ris');
  writeFileSync(
    ris,
    Array.from(
      { length: 40 },
      (_, i) =>
        `TY  - JOUR\nTI  - ${i % 4 === 0 ? 'Twinning of hospitals' : 'Soil nitrogen'} ${i}\nN1  - ${i % 4 === 0 ? 'ASReview_relevant' : 'ASReview_irrelevant'}\nER  - \n`,
    ).join('\n'),
  );

  it('prints the metrics per seed and their mean, and the stopping rules', async () => {
    const out = await ok('simulate', labelled, '--seeds', '2', '--preset', 'elas-u4');
    expect(out).toMatch(/80 labelled records, 16 relevant/);
    expect(out).toMatch(/^mean\s+\d\.\d{3}/m);
    expect(out).toMatch(/hypergeometric, recall ≥ 0.95 at 95 % confidence: mean recall/);
  });

  it('writes JSON, SVG and PNG; reads RIS labels from ASReview notes', async () => {
    const json = JSON.parse(
      await ok('simulate', ris, '--seeds', '1', '--format', 'json', '--stop-after', '5'),
    );
    expect(json).toMatchObject({ records: 40, relevant: 10, preset: { name: 'twoway' } });
    expect(json.stopping[0].rule).toBe('5 consecutive irrelevant');
    expect(await ok('simulate', labelled, '--seeds', '1', '--format', 'svg')).toMatch(
      /^<svg[\s\S]*random screening/,
    );
    const png = join(dir, 'curve.png');
    await ok('simulate', labelled, '--seeds', '1', '--format', 'png', '-o', png);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('bad input: no labels, one class, a bad option, a PNG without a file — clear errors, exit 2', async () => {
    const plain = join(dir, 'plain.csv');
    writeFileSync(plain, 'title,abstract\nA,x\nB,y\n');
    const none = await twoway('simulate', plain);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/plain.csv: 2 record\(s\) read, none with final inclusion labels/);
    expect(none.stderr).not.toMatch(/at .*\.js/);
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'title,label_included\nA,1\nB,1\n');
    expect((await twoway('simulate', one)).stderr).toMatch(/all 2 labelled relevant/);
    expect((await twoway('simulate', labelled, '--seeds', 'many')).stderr).toMatch(
      /--seeds takes a whole number/,
    );
    expect((await twoway('simulate', labelled, '--confidence', '1.5')).stderr).toMatch(/between 0 and 1/);
    expect((await twoway('simulate', labelled, '--format', 'png')).stderr).toMatch(/a PNG needs a file/);
  });
});

describe('twoway prioritise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoway-prioritise-cli-'));
  const { twoway, ok } = cli({ TWOWAY_DB: join(dir, 'review.db'), TWOWAY_REVIEWER: 'olive' });

  it('prior marks, a retrain, the status, the ranking and provenance exports, the record of stopping', async () => {
    await ok('init', '--title', 'Ranked');
    const { path } = labelledRis();
    await ok('import', path, '--source', 'pubmed');
    expect(await ok('prioritise', 'retrain')).toMatch(/needs at least one relevant and one irrelevant/);
    await ok('prioritise', 'prior', '1', 'relevant');
    await ok('prioritise', 'prior', '2', 'irrelevant');
    expect(await ok('prioritise', 'retrain')).toMatch(/model version 1: 2 labelled, 120 records ranked/);
    const status = await ok('prioritise', 'status');
    expect(status).toMatch(/records are served by predicted relevance/);
    expect(status).toMatch(/statistical rule \(recall ≥ 0.95 at 0.95 confidence\)/);
    const ranking = (await ok('prioritise', 'ranking')).trim().split('\n');
    expect(ranking[0]).toBe('record_id,rank,score,model_version');
    expect(ranking).toHaveLength(121);
    expect((await ok('prioritise', 'provenance')).trim()).toBe(
      'decision_id,record_id,stage,reviewer,value,at,model_version,shown_rank',
    );
    expect(await ok('prioritise', 'stop', '--reason', 'a pilot')).toMatch(
      /stopped: a pilot \(screened 0 of 120/,
    );
    const bad = await twoway('prioritise', 'prior', '1', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/relevant, irrelevant or clear/);
  });
});
