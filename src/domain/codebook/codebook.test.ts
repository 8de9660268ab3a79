import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, agreement } from '../statistics/agreement.js';
import type { BenefitItem } from './benefit-item.js';
import { codingAgreement } from './coding-agreement.js';
import { finalCodingSource, visibleCoders, type CodingProject } from './coding-policy.js';
import type { ExtractionForm } from './extraction-form.js';
import { frameworkFaults, type Framework } from './framework.js';
import { editFramework, forwardCode } from './framework-versions.js';
import { codingFaults, forwardCoding, type StudyCoding } from './study-coding.js';

const benefits = JSON.parse(
  readFileSync(new URL('../../../data/frameworks/twoway-benefits.json', import.meta.url), 'utf8'),
) as Framework;
const form = JSON.parse(
  readFileSync(new URL('../../../data/frameworks/twoway-benefits.form.json', import.meta.url), 'utf8'),
) as ExtractionForm;

function item(overrides: Partial<BenefitItem> = {}): BenefitItem {
  return {
    description: 'Nurses brought back task-shifting practice',
    buildingBlocks: [],
    learningAreas: [],
    sources: [],
    ...overrides,
  };
}

describe('frameworks as data', () => {
  it('the shipped benefit framework passes its own schema and marks the reconstructed axis', () => {
    expect(frameworkFaults(benefits)).toEqual([]);
    const status = Object.fromEntries(benefits.dimensions.map((d) => [d.id, d.status]));
    expect(status).toMatchObject({
      building_block: 'verified',
      learning_area: 'verified',
      level: 'reconstructed',
      direction: 'reconstructed',
    });
    expect(benefits.dimensions.find((d) => d.id === 'building_block')!.codes).toHaveLength(6);
    expect(benefits.dimensions.find((d) => d.id === 'learning_area')!.codes).toHaveLength(10);
    expect(benefits.mappings![0]!.status).toBe('assumption');
  });

  it('names the JSON path of every fault of an invalid framework', () => {
    const bad = structuredClone(benefits) as unknown as Record<string, unknown> & Framework;
    bad.dimensions[2]!.codes[1]!.id = bad.dimensions[2]!.codes[0]!.id;
    bad.dimensions[3]!.codes[0]!.parent = 'nowhere';
    bad.mappings![0]!.pairs['not_an_area'] = ['service_delivery'];
    expect(frameworkFaults(bad).map((f) => f.path)).toEqual([
      '/dimensions/2/codes/1/id',
      '/dimensions/3/codes/0/parent',
      '/mappings/0/pairs/not_an_area',
    ]);
    const shape = {
      ...benefits,
      version: 0,
      extra: true,
      dimensions: [{ ...benefits.dimensions[0], status: 'guessed' }],
    };
    const paths = frameworkFaults(shape).map((f) => f.path);
    expect(paths).toContain('');
    expect(paths).toContain('/version');
    expect(paths).toContain('/dimensions/0/status');
  });

  it('a rename and a merge make new versions and map old codes forward', () => {
    const v2 = editFramework(benefits, {
      op: 'rename',
      dimension: 'level',
      code: 'organisational',
      into: 'institutional',
      label: 'Institutional',
    });
    const v3 = editFramework(v2, {
      op: 'merge',
      dimension: 'level',
      code: 'partnership',
      into: 'institutional',
    });
    const v4 = editFramework(v3, {
      op: 'add',
      dimension: 'level',
      code: { id: 'community', label: 'Community' },
    });
    expect([benefits.version, v2.version, v3.version, v4.version]).toEqual([1, 2, 3, 4]);
    expect(benefits.dimensions.find((d) => d.id === 'level')!.codes.map((c) => c.id)).toContain(
      'organisational',
    ); // unchanged
    expect(forwardCode(v4, 'level', 'organisational', 1)).toBe('institutional');
    // a renamed code that a mapping names is renamed in the mapping too
    const blocks = editFramework(benefits, {
      op: 'rename',
      dimension: 'building_block',
      code: 'health_workforce',
      into: 'workforce',
      label: 'Workforce',
    });
    expect(blocks.mappings![0]!.pairs['skills_substitution']).toEqual(['workforce']);
    const areas = editFramework(benefits, {
      op: 'rename',
      dimension: 'learning_area',
      code: 'skills_substitution',
      into: 'task_shifting',
      label: 'Task shifting',
    });
    expect(areas.mappings![0]!.pairs['task_shifting']).toEqual(['health_workforce']);
    expect(areas.mappings![0]!.pairs).not.toHaveProperty('skills_substitution');
    expect(forwardCode(v4, 'level', 'partnership', 1)).toBe('institutional');
    expect(forwardCode(v4, 'level', 'partnership', 3)).toBe('partnership'); // coded after the merge: as is
    expect(forwardCode(v4, 'level', 'individual', 1)).toBe('individual');
    const old: StudyCoding = { fields: {}, items: [item({ level: 'partnership' })] };
    expect(forwardCoding(old, form, v4, 1).items[0]!.level).toBe('institutional');
    // the merged code is retired, not deleted: a new coding may not use it, an old one stays readable
    expect(codingFaults(old, form, v4)[0]!.message).toMatch(/retired/);
    expect(() =>
      editFramework(v4, { op: 'merge', dimension: 'level', code: 'individual', into: 'partnership' }),
    ).toThrow(/retired/);
    expect(() => editFramework(v4, { op: 'add', dimension: 'nope', code: { id: 'x', label: 'X' } })).toThrow(
      /no dimension/,
    );
  });
});

describe('codings against the form and the framework', () => {
  it('accepts a full coding and refuses unknown codes, wrong shapes and oversized fields with their paths', () => {
    const good: StudyCoding = {
      fields: {
        study_design: 'qualitative',
        partner_countries: ['GB', 'UG'],
        summary: 'x',
        key_quote: { text: 'we learnt', page: '4' },
      },
      items: [
        item({
          level: 'individual',
          nature: 'intangible',
          direction: 'to_high_income',
          kind: 'transferable_innovation',
          buildingBlocks: ['health_workforce'],
          learningAreas: ['skills_substitution'],
          jonesDomain: 'clinical_skills',
          evidenceType: 'qualitative',
          innovation: { transferStatus: 'observed', scores: { scalability: 4 } },
          sources: [{ page: '4', quote: 'we learnt' }],
        }),
      ],
    };
    expect(codingFaults(good, form, benefits)).toEqual([]);
    const bad = {
      fields: { study_design: 'astrology', partner_countries: 'GB', nope: 'x' },
      items: [
        item({ buildingBlocks: ['service_delivery', 'plumbing'], level: 'cosmic' }),
        { description: 'x'.repeat(10_001), buildingBlocks: [], learningAreas: [], sources: [] },
      ],
    };
    const faults = codingFaults(bad, form, benefits);
    expect(faults.map((f) => f.path)).toEqual(['/items/1/description']); // the schema's faults come first, alone
    bad.items.pop();
    expect(codingFaults(bad, form, benefits).map((f) => f.path)).toEqual([
      '/fields/study_design',
      '/fields/partner_countries',
      '/fields/nope',
      '/items/0/level',
      '/items/0/buildingBlocks/1',
    ]);
  });
});

describe('agreement statistics (hand-computed)', () => {
  it("Cohen's kappa of a 2×2 table: 20/5/10/15 gives po 0.7, pe 0.5, kappa 0.4", () => {
    const pairs: [string, string][] = [
      ...Array<[string, string]>(20).fill(['yes', 'yes']),
      ...Array<[string, string]>(5).fill(['yes', 'no']),
      ...Array<[string, string]>(10).fill(['no', 'yes']),
      ...Array<[string, string]>(15).fill(['no', 'no']),
    ];
    const a = agreement(pairs);
    expect(a.percent).toBeCloseTo(0.7, 10);
    expect(a.kappa).toBeCloseTo(0.4, 10);
  });

  it("Krippendorff's alpha: 4 units (1,1) (1,0) (0,0) (0,0) gives 1 − 7·2/30 = 0.5333", () => {
    expect(
      krippendorffAlpha([
        ['1', '1'],
        ['1', '0'],
        ['0', '0'],
        ['0', '0'],
      ]),
    ).toBeCloseTo(1 - 14 / 30, 10);
    // missing values: a unit with one value is not pairable and changes nothing
    expect(krippendorffAlpha([['1', '1'], ['1', '0'], ['0', '0'], ['0', '0'], ['1']])).toBeCloseTo(
      1 - 14 / 30,
      10,
    );
    // three coders, unanimous but for one value: o11 = 6·1/2·... computed by hand: alpha = 1 − (n−1)·Do/De
    // units (a,a,a) (b,b,b) (a,a,b): o_aa = 3+1 = 4... n = 9, o_ab = o_ba = 1, n_a = 5, n_b = 4 → 1 − 8·2/40 = 0.6
    expect(
      krippendorffAlpha([
        ['a', 'a', 'a'],
        ['b', 'b', 'b'],
        ['a', 'a', 'b'],
      ]),
    ).toBeCloseTo(0.6, 10);
    expect(krippendorffAlpha([['a', 'a']])).toBeNaN(); // one category: undefined, not 1
  });

  it('per field and per code over the studies two coders coded', () => {
    const coding = (design: string, blocks: string[]): StudyCoding => ({
      fields: { study_design: design },
      items: [item({ buildingBlocks: blocks })],
    });
    const studies = [
      {
        recordId: 1,
        codings: [
          { coder: 'ann', coding: coding('survey', ['service_delivery']) },
          { coder: 'ben', coding: coding('survey', ['service_delivery']) },
        ],
      },
      {
        recordId: 2,
        codings: [
          { coder: 'ann', coding: coding('survey', ['service_delivery']) },
          { coder: 'ben', coding: coding('qualitative', []) },
        ],
      },
      {
        recordId: 3,
        codings: [
          { coder: 'ann', coding: coding('qualitative', []) },
          { coder: 'ben', coding: coding('qualitative', []) },
        ],
      },
      {
        recordId: 4,
        codings: [
          { coder: 'ann', coding: coding('qualitative', []) },
          { coder: 'ben', coding: coding('qualitative', []) },
        ],
      },
    ];
    const fields = codingAgreement(studies, form, benefits);
    const design = fields.find((f) => f.key === 'study_design')!;
    // the (1,0,0,0)-vs-(1,1,0,0) case again: po 0.75, kappa 0.5, alpha 0.5333
    expect(design).toMatchObject({ studies: 4, percent: 0.75 });
    expect(design.kappa).toBeCloseTo(0.5, 10);
    expect(design.alpha).toBeCloseTo(1 - 14 / 30, 10);
    const blocks = fields.find((f) => f.key === 'items.building_block')!;
    const delivery = blocks.codes.find((c) => c.code === 'service_delivery')!;
    expect(delivery).toMatchObject({ n: 4, percent: 0.75 });
    expect(delivery.kappa).toBeCloseTo(0.5, 10);
    expect(blocks.codes.find((c) => c.code === 'financing')!.percent).toBe(1); // absent for both everywhere
  });
});

describe('the coding policy', () => {
  const project = (blind: boolean, codersRequired: 1 | 2): CodingProject => ({
    id: 1,
    members: [
      { reviewer: 'ann', role: 'reviewer' },
      { reviewer: 'ben', role: 'reviewer' },
      { reviewer: 'olive', role: 'owner' },
    ],
    protocol: {
      screening: { reviewersRequired: 2, blind: true },
      exclusionReasons: [],
      coding: { framework: 'twoway-benefits', codersRequired, blind },
    },
  });

  it('in blind mode a coder sees only their own coding until both have submitted; then everyone sees both', () => {
    const one = [
      { coder: 'ann', submitted: true },
      { coder: 'ben', submitted: false },
    ];
    expect(visibleCoders(project(true, 2), one, 'ben')).toEqual(['ben']);
    expect(visibleCoders(project(true, 2), one, 'olive')).toEqual([]); // an owner too: no peeking
    const both = [
      { coder: 'ann', submitted: true },
      { coder: 'ben', submitted: true },
    ];
    expect(visibleCoders(project(true, 2), both, 'olive')).toEqual(['ann', 'ben']);
    expect(visibleCoders(project(false, 2), one, 'ben')).toEqual(['ann', 'ben']);
  });

  it('the synthesis reads the consensus, or the single submitted coding with single coding', () => {
    expect(finalCodingSource(project(true, 2), undefined, ['a'])).toBeUndefined();
    expect(finalCodingSource(project(true, 2), 'c', ['a', 'b'])).toBe('c');
    expect(finalCodingSource(project(true, 1), undefined, ['a'])).toBe('a');
  });
});

describe('the published schemas', () => {
  it('data/frameworks/<name>.schema.json are the schemas Twoway validates with', async () => {
    const { PUBLISHED_SCHEMAS } = await import('./published-schemas.js');
    for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
      const file = JSON.parse(
        readFileSync(new URL(`../../../data/frameworks/${name}.schema.json`, import.meta.url), 'utf8'),
      ) as unknown;
      expect(
        file,
        `${name}.schema.json is out of date: regenerate it with twoway codebook schema ${name}`,
      ).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });
});
