import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { BenefitItem } from '../codebook/benefit-item.js';
import type { ExtractionForm } from '../codebook/extraction-form.js';
import type { Framework } from '../codebook/framework.js';
import { benefitRows, buildingBlockTable, learningAreaTable } from './benefit-tables.js';
import type { CodedStudy, SynthesisInput } from './coded-studies.js';
import { evidenceMap, evidenceMapData, mapCells, mapQuery } from './evidence-map.js';
import { evidenceMapHtml } from './evidence-map-html.js';
import { mapView, renderMapSvg } from './evidence-map-svg.js';

const framework = JSON.parse(
  readFileSync(new URL('../../../data/frameworks/twoway-benefits.json', import.meta.url), 'utf8'),
) as Framework;
const form = JSON.parse(
  readFileSync(new URL('../../../data/frameworks/twoway-benefits.form.json', import.meta.url), 'utf8'),
) as ExtractionForm;

const item = (description: string, o: Partial<BenefitItem>): BenefitItem => ({
  description,
  buildingBlocks: [],
  learningAreas: [],
  sources: [],
  ...o,
});

// A hand-counted fixture: four studies, six items.
//   A 2010 (qualitative): workforce+skills_substitution to_high_income intangible; workforce+simulation mutual
//   B 2008 (survey):      service_delivery+rural to_high_income transferable innovation; workforce+skills_substitution mutual
//   C 2015 (survey):      financing+health_financing to_low_middle_income
//   D 2005 (qualitative): one item with no block (learning area creative problem-solving only)
const studies: CodedStudy[] = [
  {
    recordId: 11,
    citation: 'Adams et al. 2010',
    title: 'A <script>alert(1)</script> study',
    year: 2010,
    coding: {
      fields: { study_design: 'qualitative' },
      items: [
        item('Nurses learnt task sharing', {
          buildingBlocks: ['health_workforce'],
          learningAreas: ['skills_substitution'],
          direction: 'to_high_income',
          nature: 'intangible',
        }),
        item('Simulation drills', {
          buildingBlocks: ['health_workforce'],
          learningAreas: ['simulation_training'],
          direction: 'mutual',
        }),
      ],
    },
  },
  {
    recordId: 12,
    citation: 'Brown 2008',
    title: 'B',
    year: 2008,
    coding: {
      fields: { study_design: 'survey' },
      items: [
        item('Outreach clinics model', {
          buildingBlocks: ['service_delivery'],
          learningAreas: ['rural_service_delivery'],
          direction: 'to_high_income',
          kind: 'transferable_innovation',
        }),
        item('Clinical officers', {
          buildingBlocks: ['health_workforce'],
          learningAreas: ['skills_substitution'],
          direction: 'mutual',
        }),
      ],
    },
  },
  {
    recordId: 13,
    citation: 'Chen and Diaz 2015',
    title: 'C',
    year: 2015,
    coding: {
      fields: { study_design: 'survey' },
      items: [
        item('Community insurance', {
          buildingBlocks: ['financing'],
          learningAreas: ['health_financing'],
          direction: 'to_low_middle_income',
        }),
      ],
    },
  },
  {
    recordId: 14,
    citation: 'Dube 2005',
    title: 'D',
    year: 2005,
    coding: {
      fields: { study_design: 'qualitative' },
      items: [
        item('Improvised equipment', {
          learningAreas: ['creative_problem_solving'],
          direction: 'to_high_income',
        }),
      ],
    },
  },
];
const input: SynthesisInput = { framework, form, studies };

describe('the building-block table (the paper’s Table 1)', () => {
  it('counts studies and items per block, keeps empty blocks, cites each benefit', () => {
    const table = buildingBlockTable(input);
    const row = (code: string) => table.rows.find((r) => r.code === code)!;
    expect(table.rows.map((r) => r.code)).toEqual([
      'service_delivery',
      'health_workforce',
      'health_information',
      'medical_products',
      'financing',
      'leadership_governance',
    ]);
    expect([row('health_workforce').studies, row('health_workforce').items]).toEqual([2, 3]);
    expect([
      row('service_delivery').studies,
      row('financing').studies,
      row('health_information').studies,
    ]).toEqual([1, 1, 0]);
    expect(row('service_delivery').benefits).toEqual([
      {
        recordId: 12,
        citation: 'Brown 2008',
        summary: 'Outreach clinics model',
        direction: 'to_high_income',
        kind: 'transferable_innovation',
      },
    ]);
    expect(table.totals).toEqual({ studies: 3, items: 5 });
  });

  it('filters by direction and by years', () => {
    const toHigh = buildingBlockTable(input, { codes: { direction: ['to_high_income'] } });
    expect(toHigh.rows.find((r) => r.code === 'health_workforce')!.items).toBe(1);
    const recent = buildingBlockTable(input, { yearFrom: 2009 });
    expect(recent.totals).toEqual({ studies: 2, items: 3 });
  });
});

describe('learning areas', () => {
  it('per area: counts, intangible benefits against transferable innovations, examples', () => {
    const areas = learningAreaTable(input);
    expect(areas.rows).toHaveLength(10);
    const skills = areas.rows.find((r) => r.code === 'skills_substitution')!;
    expect([skills.studies, skills.items, skills.intangible, skills.innovations]).toEqual([2, 2, 1, 0]);
    expect(areas.rows.find((r) => r.code === 'rural_service_delivery')!.innovations).toBe(1);
    expect(skills.examples.map((e) => e.citation)).toEqual(['Adams et al. 2010', 'Brown 2008']);
  });
});

describe('the evidence and gap map', () => {
  it('counts studies per cell (blocks × areas), segments by direction, keeps the gaps', () => {
    const map = evidenceMap(input);
    const cell = (row: string, col: string) => map.cells.find((c) => c.row === row && c.col === col)!;
    expect(map.cells).toHaveLength(6 * 10);
    expect(cell('health_workforce', 'skills_substitution').studies).toEqual([11, 12]);
    expect(cell('health_workforce', 'skills_substitution').items).toBe(2);
    // direction codes: to_high_income, to_low_middle_income, mutual → A's item is to_high, B's is mutual
    expect(cell('health_workforce', 'skills_substitution').segments).toEqual([1, 0, 1]);
    expect(cell('financing', 'health_financing').studies).toEqual([13]);
    expect(map.cells.filter((c) => c.studies.length > 0)).toHaveLength(4);
    expect(map.studyCount).toBe(3); // D has no block: not on this map
    const byDesign = evidenceMap(input, { rows: 'field:study_design', cols: 'direction', segment: null });
    const survey = byDesign.cells.find((c) => c.row === 'survey' && c.col === 'to_high_income')!;
    expect(survey.studies).toEqual([12]);
  });

  it('the embedded functions are self-contained: run in a bare context they count the same', () => {
    const data = evidenceMapData(input);
    const query = mapQuery(data, { codes: { 'field:study_design': ['survey'] } });
    const sandbox = { __name: (f: unknown) => f, data, query };
    const result = runInNewContext(`(${mapCells.toString()})(data, query)`, sandbox) as ReturnType<
      typeof mapCells
    >;
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(mapCells(data, query))));
    const svg = runInNewContext(
      `const mapView = ${mapView.toString()}; const renderMapSvg = ${renderMapSvg.toString()}; renderMapSvg(mapView(data, query, (${mapCells.toString()})(data, query)))`,
      sandbox,
    ) as string;
    expect(svg).toBe(renderMapSvg(mapView(data, query, mapCells(data, query))));
    expect(svg).toContain('>gap<');
  });

  it('the standalone file holds hostile text only escaped and asks for nothing from outside', () => {
    const html = evidenceMapHtml(evidenceMapData(input));
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('\\u003cscript>alert(1)');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
  });
});

describe('one row per benefit item', () => {
  it('with the citation, study fields and codes as labels; reconstructed dimensions say so', () => {
    const { columns, rows } = benefitRows(input);
    expect(rows).toHaveLength(6);
    expect(columns).toContain('Direction of benefit (reconstructed)');
    expect(columns).toContain('WHO health-system building block');
    const first = Object.fromEntries(columns.map((c, i) => [c, rows[0]![i]]));
    expect(first).toMatchObject({
      record_id: 11,
      citation: 'Adams et al. 2010',
      'Study design': 'qualitative',
      description: 'Nurses learnt task sharing',
      'WHO health-system building block': 'Health workforce',
      'Direction of benefit (reconstructed)': 'To the high-income partner',
    });
  });
});
