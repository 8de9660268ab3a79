import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAll } from '../formats/open-stream.js';
import type { BibRecord } from '../record/bib-record.js';
import { findDuplicates, mergeCluster, titleSimilarity } from './dedupe.js';
import { scoreAgainstClusters, scoreAgainstLabels, scoreReviewQueue } from './evaluate.js';
import { foldText } from './keys.js';
import { groupReviewPairs } from './review-groups.js';

const paper: BibRecord = {
  v: 1,
  type: 'article',
  title: 'Developed-developing country partnerships: benefits to developed countries?',
  authors: [{ family: 'Syed', given: 'Shamsuzzoha B' }],
  date: { year: 2012 },
  journal: { title: 'Globalization and Health' },
  volume: '8',
  pages: '17',
  doi: '10.1186/1744-8603-8-17',
  pmid: '22849664',
};
const like = (changes: Partial<BibRecord>, drop: (keyof BibRecord)[] = []): BibRecord => {
  const r: Record<string, unknown> = { ...paper, ...changes };
  for (const k of drop) delete r[k];
  return r as unknown as BibRecord;
};

describe('findDuplicates', () => {
  it('merges the same paper from different sources: by PMID, by DOI, by title + year + author', () => {
    const records = [
      paper,
      like({ title: 'Developed-developing country partnerships: Benefits to developed countries.' }, ['doi']),
      like({
        pmid: undefined,
        title: 'DEVELOPED–DEVELOPING COUNTRY PARTNERSHIPS: BENEFITS TO DEVELOPED COUNTRIES?',
      }),
      like(
        {
          title: 'Developed-developing country partnerships: benefits to developed countries',
          pages: undefined,
        },
        ['doi', 'pmid'],
      ),
    ];
    const { clusters, review } = findDuplicates(records);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(clusters[0]!.pairs.map((p) => p.rule))).toEqual(
      new Set(['pmid', 'doi', 'title-year-author', 'title-bibliographic']),
    );
    expect(review).toEqual([]);
  });

  it('never merges an erratum with its article', () => {
    const erratum = like({
      title: 'Erratum: Developed-developing country partnerships: benefits to developed countries?',
      doi: '10.1186/1744-8603-8-17-e',
      pmid: undefined,
    });
    const apart = findDuplicates([paper, erratum]);
    expect(apart.clusters).toEqual([]);
    // its own DOI and page: a person still sees it beside the paper it concerns, and why
    const withPage = like({ ...erratum, pages: '18' });
    const queued = findDuplicates([paper, withPage]);
    expect(queued.clusters).toEqual([]);
    expect(queued.review).toHaveLength(1);
    expect(queued.review[0]?.reasons).toEqual(
      expect.arrayContaining([
        'different DOIs',
        'different pages',
        'one is an erratum, retraction or comment',
      ]),
    );
    const sameDoi = like({
      title: 'Correction to: Developed-developing country partnerships: benefits to developed countries?',
      pmid: undefined,
    });
    const r = findDuplicates([paper, sameDoi]);
    expect(r.clusters).toEqual([]);
    expect(r.review[0]?.reasons).toContain('one is an erratum, retraction or comment');
  });

  it('puts the same paper printed twice in one journal (two years, volumes and DOIs) to a person', () => {
    const authors = [
      { family: 'Liu', given: 'Li' },
      { family: 'Yetton', given: 'Philip' },
    ];
    const first = like({ authors, volume: '24', pages: '46-54', doi: '10.1057/jit.2009.2', pmid: undefined });
    const again = like({
      authors,
      volume: '25',
      pages: '56-64',
      doi: '10.1057/jit.2008.23',
      date: { year: 2013 },
      pmid: undefined,
    });
    const r = findDuplicates([first, again]);
    expect(r.clusters).toEqual([]);
    expect(r.review.map((p) => p.reasons)).toEqual([
      expect.arrayContaining(['different DOIs', 'different years (2012, 2013)', 'different volumes']),
    ]);
    // another first author in another year with its own DOI: two papers, not a question
    const other = { ...again, authors: [{ family: 'Okafor', given: 'N' }, authors[1]!] };
    expect(findDuplicates([first, other]).review).toEqual([]);
  });

  it('sends a conference abstract and the journal paper of the same study to review, not to a merge', () => {
    const abstract = like(
      {
        type: 'conference-paper',
        journal: { title: 'Tropical Medicine & International Health' },
        volume: '16',
        pages: 'S1-12',
      },
      ['doi', 'pmid'],
    );
    const r = findDuplicates([paper, abstract]);
    expect(r.clusters).toEqual([]);
    expect(r.review).toHaveLength(1);
    expect(r.review[0]?.reasons).toContain('conference abstract and journal paper');
  });

  it('keeps the same title in another year apart (a series, an update), asking a person', () => {
    const update = like({ date: { year: 2015 }, volume: '11' }, ['doi', 'pmid']);
    const r = findDuplicates([paper, update]);
    expect(r.clusters).toEqual([]);
    expect(r.review[0]?.reasons).toEqual(expect.arrayContaining(['different years (2012, 2015)']));
  });

  it('reads translation notes as part of no title, but asks about different languages', () => {
    expect(foldText('Partnerships in health [Article in Chinese].')).toBe('partnerships in health');
    const chinese = like(
      {
        title: 'Developed-developing country partnerships: benefits to developed countries? [Chinese]',
        language: 'chi',
      },
      ['doi', 'pmid'],
    );
    const r = findDuplicates([like({ language: 'eng' }), chinese]);
    expect(r.clusters).toEqual([]);
    expect(r.review[0]?.reasons).toContain('different languages');
  });

  it('does not merge different papers with different DOIs even when titles are close', () => {
    const other = like({
      title: 'Developed-developing country partnerships: benefits to developing countries?',
      doi: '10.1000/other',
      pmid: '1',
    });
    expect(findDuplicates([paper, other]).clusters).toEqual([]);
  });

  it('remembers "not a duplicate"', () => {
    const copy = like({}, ['pmid']);
    expect(findDuplicates([paper, copy]).clusters).toHaveLength(1);
    expect(findDuplicates([paper, copy], { notDuplicates: [[1, 0]] }).clusters).toEqual([]);
  });

  it('merges field values from the most complete member, keeping the canonical record', () => {
    const bare = like({}, ['pmid', 'volume', 'pages']);
    const rich = like({
      abstract: 'Partners today increasingly seek mutuality of benefits.',
      keywords: ['Partnerships'],
    });
    const records = [bare, rich];
    const [cluster] = findDuplicates(records).clusters;
    expect(cluster?.canonical).toBe(1);
    expect(mergeCluster(records, cluster!)).toMatchObject({
      abstract: rich.abstract,
      pmid: '22849664',
      volume: '8',
    });
  });

  it('title similarity is 1 for equal titles and low for unrelated ones', () => {
    expect(titleSimilarity('abc def', 'abc def')).toBe(1);
    expect(titleSimilarity('partnership benefits', 'malaria vaccine trial outcomes')).toBeLessThan(0.5);
  });
});

describe('what a first week of benchmark sets taught (issue 18)', () => {
  const base = like({}, ['doi', 'pmid']);
  it('merges a title cut short when journal, volume, issue, first page, year and author agree', () => {
    const short = like({ title: 'Developed-developing country partnerships', issue: '2' }, ['doi', 'pmid']);
    const long = like({ title: paper.title, issue: '2' }, ['doi', 'pmid']);
    expect(findDuplicates([short, long]).clusters[0]?.pairs[0]?.rule).toBe('title-prefix-bibliographic');
    // without the pages it is only a candidate for review
    const bare = like({ title: 'Developed-developing country partnerships' }, ['doi', 'pmid', 'pages']);
    expect(findDuplicates([bare, long]).clusters).toEqual([]);
  });

  it('knows a record by its translated title in brackets, and a junk volume as none', () => {
    const english = like(
      { title: `${paper.title} [Partenariats entre pays développés et pays en développement]` },
      ['doi', 'pmid'],
    );
    const french = like(
      { title: 'Partenariats entre pays développés et pays en développement', volume: 'UNKNOWN' },
      ['doi', 'pmid'],
    );
    expect(findDuplicates([english, french]).clusters).toHaveLength(1);
    expect(findDuplicates([base, like({ volume: 'n/a' }, ['doi', 'pmid'])]).clusters).toHaveLength(1);
  });

  it('keeps the same title in different issues apart, unless an identifier says they are one', () => {
    const column = (issue: string, extra: Partial<BibRecord> = {}) =>
      like(
        { title: 'Remarks from the editor: the editor comments', issue, ...extra },
        extra.doi ? ['pmid', 'pages'] : ['doi', 'pmid', 'pages'],
      );
    expect(findDuplicates([column('1'), column('2')]).clusters).toEqual([]);
    const doi = { doi: '10.1000/same' };
    expect(findDuplicates([column('1', doi), column('2', doi)]).clusters).toHaveLength(1);
  });

  it('a slip in the issue does not part two records whose whole page range agrees; nor an e-pub year', () => {
    const a = like({ issue: '2', pages: '139-140' }, ['doi', 'pmid']);
    expect(
      findDuplicates([a, like({ issue: '3', pages: '139-140' }, ['doi', 'pmid'])]).clusters,
    ).toHaveLength(1);
    expect(findDuplicates([a, like({ issue: '3', pages: '139' }, ['doi', 'pmid'])]).clusters).toEqual([]);
    const print = like({ date: { year: 2013 }, pages: '139-140' }, ['doi', 'pmid']);
    expect(findDuplicates([like({ pages: '139-140' }, ['doi', 'pmid']), print]).clusters).toHaveLength(1);
    // a proceedings paper: no volume, the title cut short, the whole page range the same
    const proceedings = (title: string) =>
      like({ title, pages: '2796-2807' }, ['doi', 'pmid', 'volume', 'journal']);
    expect(
      findDuplicates([
        proceedings('Crowd work today'),
        proceedings('Crowd work today: a survey of platforms and pay'),
      ]).clusters,
    ).toEqual([]); // three words: too short a beginning to trust
    expect(
      findDuplicates([
        proceedings('Success and scale in a data-producing organization'),
        proceedings(
          'Success and scale in a data-producing organization: the socio-technical evolution of OpenStreetMap',
        ),
      ]).clusters,
    ).toHaveLength(1);
  });

  it('knows a title that lost a leading acronym, and two authors given in the other order', () => {
    const acronym = like({ title: 'Hyred: hybrid job recommendation system', pages: '29-38' }, [
      'doi',
      'pmid',
      'volume',
    ]);
    const plain = like({ title: 'Hybrid job recommendation system', pages: '29-38' }, [
      'doi',
      'pmid',
      'volume',
    ]);
    expect(findDuplicates([acronym, plain]).clusters).toHaveLength(1);
    const authors = (a: string, b: string) =>
      like({ authors: [{ family: a }, { family: b }] }, ['doi', 'pmid']);
    expect(findDuplicates([authors('Hong', 'Zheng'), authors('Zheng', 'Hong')]).clusters).toHaveLength(1);
    expect(findDuplicates([authors('Hong', 'Zheng'), authors('Zheng', 'Li')]).clusters).toEqual([]);
  });

  it('does not queue pairs of a generic title that their bibliography tells apart', () => {
    const editorial = (year: number) =>
      like(
        {
          title: 'Editorial introduction to this special issue',
          date: { year },
          volume: String(year - 2000),
        },
        ['doi', 'pmid', 'pages'],
      );
    const result = findDuplicates([2010, 2011, 2012, 2013, 2014, 2015].map(editorial));
    expect(result.clusters).toEqual([]);
    expect(result.review).toEqual([]);
  });

  it('scores record by record as the bib-dedupe benchmark does', () => {
    const result = { clusters: [{ canonical: 0, members: [0, 1, 2], pairs: [] }], review: [] };
    // 0 and 1 are one paper, 2 another's duplicate wrongly merged, 3 and 4 a pair left apart
    expect(scoreAgainstClusters(result, [7, 7, 8, 9, 9, undefined])).toMatchObject({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 3,
    });
  });

  it('scores the review queue: its true pairs, and the merges once a reviewer confirms them', () => {
    const pair = (a: number, b: number) => ({
      a,
      b,
      verdict: 'review' as const,
      rule: 'similar-title' as const,
      score: 1,
      reasons: [],
    });
    const result = {
      clusters: [{ canonical: 0, members: [0, 1], pairs: [] }],
      review: [pair(1, 2), pair(3, 4)],
    };
    // 0, 1, 2 one paper (2 left for review); 3 and 4 two papers
    const queue = scoreReviewQueue(result, [7, 7, 7, 8, 9]);
    expect(queue).toMatchObject({ pairs: 2, truePairs: 1 });
    expect(queue.confirmed).toMatchObject({
      truePositives: 2,
      falsePositives: 0,
      falseNegatives: 0,
      trueNegatives: 3,
    });
  });
});

describe('on the labelled IEBH libraries', () => {
  it.each(['copper', 'tafenoquine'])('%s: precision ≥ 0.995 and recall ≥ 0.95', async (name) => {
    const { list } = await readAll(
      readFileSync(join(import.meta.dirname, 'fixtures', `${name}.xml`)),
      `${name}.xml`,
    );
    const flagged = list.map((r) => (r.extra?.caption ?? []).includes('Duplicate'));
    const score = scoreAgainstLabels(findDuplicates(list), flagged);
    expect(score.precision).toBeGreaterThanOrEqual(0.995);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the review queue in groups', () => {
  it('groups the pairs of a title several pairs share, in the queue’s order; the others stand alone', () => {
    const pair = (x: string, y: string, n: number) => ({ a: { title: x }, b: { title: y }, n });
    const queue = [
      pair('Twinning in Uganda', 'Twinning in Uganda.', 1),
      pair('Editorial Introduction', 'EDITORIAL INTRODUCTION', 2),
      pair('Editorial Introduction', 'Editorial introduction.', 3),
      pair('Malaria nets', 'Malaria bed nets', 4),
      pair('Editorial introduction', 'Editorial Introduction', 5),
    ];
    const groups = groupReviewPairs(queue);
    expect(groups.map((g) => [g.title, g.pairs.map((p) => p.n)])).toEqual([
      [undefined, [1]],
      ['Editorial Introduction', [2, 3, 5]],
      [undefined, [4]],
    ]);
    // below the threshold a shared title is no group
    expect(groupReviewPairs(queue.slice(0, 3)).every((g) => g.title === undefined)).toBe(true);
  });
});

describe('what the bib-dedupe sets showed was missed (issue 18), and the guards that keep precision', () => {
  const base: BibRecord = {
    v: 1,
    type: 'article',
    title: 'Platform economy and crowdworking as challenges for the German model of industrial relations',
    authors: [
      { family: 'Greef', given: 'S' },
      { family: 'Schroeder', given: 'W' },
      { family: 'Sperling', given: 'H' },
    ],
    date: { year: 2020 },
    journal: { title: 'Industrielle Beziehungen' },
    volume: '27',
    issue: '2',
    pages: '205-226',
  };
  const with_ = (changes: Partial<BibRecord>): BibRecord => ({ ...base, ...changes });
  const merged = (a: BibRecord, b: BibRecord) => findDuplicates([a, b]).clusters.length === 1;

  it('one place in one journal is one paper, whatever its title there (a translation)', () => {
    const german = with_({
      title:
        'Plattformökonomie und Crowdworking als Herausforderungen für das deutsche Modell der Arbeitsbeziehungen',
      doi: '10.3224/indbez.v27i2.06',
    });
    expect(findDuplicates([base, german]).clusters[0]?.pairs[0]?.rule).toBe('journal-pages');
    // not with another first author, another issue, or a range no one article spans (a supplement's)
    expect(merged(base, { ...german, authors: [{ family: 'Haipeter', given: 'T' }] })).toBe(false);
    expect(merged(base, { ...german, issue: '3' })).toBe(false);
    expect(merged(with_({ pages: '1-250' }), { ...german, pages: '1-250' })).toBe(false);
  });

  it('titles worded a little apart on the same page range in the same year, by the same authors', () => {
    const a = with_({
      title: 'Moral hazards and effects of IT-enabled monitoring systems in online labor markets',
      journal: undefined,
      volume: undefined,
      issue: undefined,
      pages: '44-53',
    });
    const b = {
      ...a,
      title: 'Moral hazards and effects of enhanced monitoring systems in online labor markets',
    };
    expect(merged(a, b)).toBe(true);
    expect(merged(a, { ...b, authors: [{ family: 'Greef' }, { family: 'Liang' }] })).toBe(false);
    expect(merged(a, { ...b, pages: '54-63' })).toBe(false);
  });

  it('a headline that lost its kicker in one magazine, year and author', () => {
    const short = with_({
      title: 'Upwork’s CEO on how an introverted engineer learned to lead',
      authors: [{ family: 'Kasriel' }],
      journal: { title: 'Harvard Business Review' },
      volume: '2016',
      issue: undefined,
      pages: undefined,
      date: { year: 2016 },
    });
    const long = {
      ...short,
      title: "How did it ... Upwork's CEO on how an introverted engineer learned to lead",
      volume: '94',
      issue: '5',
      pages: '35+',
    };
    expect(merged(short, long)).toBe(true);
    // a short title says too little
    expect(
      merged({ ...short, title: 'Learning to lead' }, { ...long, title: 'How did it ... Learning to lead' }),
    ).toBe(false);
  });

  it('one issue, one title, three authors: a page that differs is a slip', () => {
    const a = with_({
      title: "Amantadine hydrochloride for treatment of symptom's of the posttraumatic confusional state",
      pages: '8',
    });
    const b = {
      ...a,
      title: 'Amantadine hydrochloride for treatment of symptoms of the posttraumatic confusional state',
      pages: '3',
    };
    expect(merged(a, b)).toBe(true);
    expect(merged(a, { ...b, authors: base.authors!.slice(0, 2) })).toBe(false);
  });

  it('the working paper and the proceedings a year apart, with the same authors and nothing else to tell them apart', () => {
    const a = with_({
      title: 'Call for bids to improve matching efficiency - evidence from online labor markets',
      journal: undefined,
      volume: undefined,
      issue: undefined,
      pages: '1-12',
      date: { year: 2017 },
    });
    const b = {
      ...a,
      title: 'Call for Bids to Improve Matching Efficiency: Evidence from Online Labor Markets',
      pages: undefined,
      date: { year: 2018 },
    };
    expect(findDuplicates([a, b]).clusters[0]?.pairs[0]?.rule).toBe('title-authors');
    // one author only, or two years apart, or a volume on both that differs: a person decides
    expect(merged({ ...a, authors: [{ family: 'Guo' }] }, { ...b, authors: [{ family: 'Guo' }] })).toBe(
      false,
    );
    expect(merged(a, { ...b, date: { year: 2019 } })).toBe(false);
    expect(merged({ ...a, volume: '3' }, { ...b, volume: '4' })).toBe(false);
  });
});
