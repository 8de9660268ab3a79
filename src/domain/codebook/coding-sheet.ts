import {
  BENEFIT_ITEM_DIMENSIONS,
  INNOVATION_DIMENSIONS,
  type BenefitItem,
  type BenefitSource,
} from './benefit-item.js';
import { isListField, type ExtractionForm, type FieldValue } from './extraction-form.js';
import { dimensionOf, type Framework } from './framework.js';
import { codingFaults, type StudyCoding } from './study-coding.js';

/**
 * The coding sheet: a study's coding as spreadsheet rows, to code offline and bring back. One row a benefit
 * item (a study with none has one row with the item columns blank); the study's form fields on its first row,
 * as `study:<field>` columns. Lists are separated by ";", several sources of an item by " | ". Codes may be
 * written as ids, labels or aliases; they are read back as ids.
 */

export interface SheetStudy {
  recordId: number;
  citation: string;
  title: string;
  coding?: StudyCoding;
}

const ITEM_COLUMNS = [
  'item',
  'description',
  'beneficiary',
  'reported_by',
  'level',
  'nature',
  'direction',
  'kind',
  'building_blocks',
  'learning_areas',
  'jones_domain',
  'evidence_type',
  'indicator_name',
  'indicator_unit',
  'baseline',
  'baseline_date',
  'follow_up',
  'follow_up_date',
  'indicator_method',
  'costs',
  'innovation_origin',
  'innovation_adopter',
  'transfer_status',
  'innovation_scores',
  'source_doi',
  'source_pmid',
  'source_url',
  'source_page',
  'source_quote',
] as const;

type ItemColumn = (typeof ITEM_COLUMNS)[number];

/** Item columns holding codes, with the item slot and dimension they fill. */
const CODE_COLUMNS: Partial<
  Record<ItemColumn, { slot: keyof typeof BENEFIT_ITEM_DIMENSIONS; list: boolean }>
> = {
  level: { slot: 'level', list: false },
  nature: { slot: 'nature', list: false },
  direction: { slot: 'direction', list: false },
  kind: { slot: 'kind', list: false },
  building_blocks: { slot: 'buildingBlocks', list: true },
  learning_areas: { slot: 'learningAreas', list: true },
  jones_domain: { slot: 'jonesDomain', list: false },
  evidence_type: { slot: 'evidenceType', list: false },
};

const SOURCE_COLUMNS = {
  source_doi: 'doi',
  source_pmid: 'pmid',
  source_url: 'url',
  source_page: 'page',
  source_quote: 'quote',
} as const;

/** The columns of a form's sheet, in order. */
export function codingSheetColumns(form: ExtractionForm): string[] {
  const study = form.fields.flatMap((f) =>
    f.type === 'quote' ? [`study:${f.id}`, `study:${f.id}:page`] : [`study:${f.id}`],
  );
  return ['record_id', 'citation', 'title', ...study, ...(form.benefitItems.enabled ? ITEM_COLUMNS : [])];
}

function fieldCells(form: ExtractionForm, coding: StudyCoding | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    const value = coding?.fields[f.id];
    if (value === undefined) continue;
    if (Array.isArray(value)) out[`study:${f.id}`] = value.join('; ');
    else if (typeof value === 'object') {
      out[`study:${f.id}`] = value.text;
      if (value.page) out[`study:${f.id}:page`] = value.page;
    } else out[`study:${f.id}`] = String(value);
  }
  return out;
}

function itemCells(item: BenefitItem, index: number): Record<string, string> {
  const sources = (key: keyof BenefitSource) =>
    item.sources.some((s) => s[key]) ? item.sources.map((s) => s[key] ?? '').join(' | ') : '';
  const cells: Record<string, string | undefined> = {
    item: String(index + 1),
    description: item.description,
    beneficiary: item.beneficiary,
    reported_by: item.reportedBy,
    indicator_name: item.indicator?.name,
    indicator_unit: item.indicator?.unit,
    baseline: item.indicator?.baseline ? String(item.indicator.baseline.value) : undefined,
    baseline_date: item.indicator?.baseline?.date,
    follow_up: item.indicator?.followUp ? String(item.indicator.followUp.value) : undefined,
    follow_up_date: item.indicator?.followUp?.date,
    indicator_method: item.indicator?.method,
    costs: item.costs,
    innovation_origin: item.innovation?.origin,
    innovation_adopter: item.innovation?.adopter,
    transfer_status: item.innovation?.transferStatus,
    innovation_scores: item.innovation?.scores
      ? Object.entries(item.innovation.scores)
          .map(([k, v]) => `${k}=${v}`)
          .join('; ')
      : undefined,
  };
  for (const [column, { slot }] of Object.entries(CODE_COLUMNS)) {
    const value = item[slot];
    cells[column] = Array.isArray(value) ? value.join('; ') : value;
  }
  for (const [column, key] of Object.entries(SOURCE_COLUMNS)) cells[column] = sources(key);
  return Object.fromEntries(
    Object.entries(cells).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

/** The sheet rows of some studies, each a map of column → text. */
export function codingSheetRows(
  form: ExtractionForm,
  studies: readonly SheetStudy[],
): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const study of studies) {
    const head = { record_id: String(study.recordId), citation: study.citation, title: study.title };
    const items = form.benefitItems.enabled ? (study.coding?.items ?? []) : [];
    const fields = fieldCells(form, study.coding);
    if (items.length === 0) rows.push({ ...head, ...fields });
    items.forEach((item, i) => rows.push({ ...head, ...(i === 0 ? fields : {}), ...itemCells(item, i) }));
  }
  return rows;
}

/** A row as read from a file: its 1-based line (or spreadsheet row) and its cells by column name. */
export interface SheetRow {
  line: number;
  cells: Record<string, string>;
}

export interface SheetFault {
  line: number;
  message: string;
}

function splitList(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Finds a code by id, label or alias (case and spacing ignored). */
function codeResolver(framework: Framework): (dimension: string, text: string) => string | undefined {
  const cache = new Map<string, Map<string, string>>();
  return (dimensionId, text) => {
    let index = cache.get(dimensionId);
    if (!index) {
      index = new Map();
      const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
      for (const c of dimensionOf(framework, dimensionId)?.codes ?? [])
        for (const name of [c.label, ...(c.aliases ?? []), c.id]) index.set(key(name), c.id);
      cache.set(dimensionId, index);
    }
    return index.get(text.trim().toLowerCase().replace(/\s+/g, ' '));
  };
}

/**
 * Reads a coding sheet back into codings, all of it or none: each fault names its line and column, and comes
 * from the same checks a coding saved in the pages passes (codingFaults).
 */
export function readCodingSheet(
  rows: readonly SheetRow[],
  form: ExtractionForm,
  framework: Framework,
): { codings: Map<number, StudyCoding>; faults: SheetFault[] } {
  const faults: SheetFault[] = [];
  const resolve = codeResolver(framework);
  const byStudy = new Map<number, { coding: StudyCoding; lines: Map<string, number> }>();
  const code = (line: number, column: string, dimension: string, text: string): string | undefined => {
    const id = resolve(dimension, text);
    if (id === undefined) {
      const known = (dimensionOf(framework, dimension)?.codes ?? [])
        .filter((c) => !c.retired)
        .map((c) => c.id);
      faults.push({
        line,
        message: `column ${column}: "${text}" is not a code of ${dimension} (${known.join(', ')})`,
      });
    }
    return id;
  };
  for (const { line, cells } of rows) {
    const get = (column: string) => (cells[column] ?? '').trim();
    const idText = get('record_id');
    if (!/^\d+$/.test(idText)) {
      faults.push({ line, message: `column record_id: "${idText}" is not a record id` });
      continue;
    }
    const recordId = Number(idText);
    let study = byStudy.get(recordId);
    if (!study) byStudy.set(recordId, (study = { coding: { fields: {}, items: [] }, lines: new Map() }));
    for (const field of form.fields) {
      const text = get(`study:${field.id}`);
      if (text === '') continue;
      let value: FieldValue = text;
      if (field.type === 'number') {
        const n = Number(text);
        if (!Number.isFinite(n))
          faults.push({ line, message: `column study:${field.id}: "${text}" is not a number` });
        value = n;
      } else if (field.type === 'codes')
        value = splitList(text).flatMap(
          (t) => code(line, `study:${field.id}`, field.dimension ?? '', t) ?? [],
        );
      else if (isListField(field)) value = splitList(text);
      else if (field.type === 'quote') {
        const page = get(`study:${field.id}:page`);
        value = page ? { text, page } : { text };
      }
      const before = study.lines.get(field.id);
      if (before !== undefined && JSON.stringify(study.coding.fields[field.id]) !== JSON.stringify(value))
        faults.push({
          line,
          message: `column study:${field.id}: differs from line ${before} of the same study`,
        });
      else if (before === undefined) {
        study.coding.fields[field.id] = value;
        study.lines.set(field.id, line);
      }
    }
    if (!form.benefitItems.enabled) continue;
    const itemCellsGiven = ITEM_COLUMNS.some((c) => c !== 'item' && get(c) !== '');
    if (!itemCellsGiven) continue;
    const item: BenefitItem = {
      description: get('description'),
      buildingBlocks: [],
      learningAreas: [],
      sources: [],
    };
    if (item.description === '')
      faults.push({ line, message: 'column description: a benefit item needs a description' });
    if (get('beneficiary')) item.beneficiary = get('beneficiary');
    if (get('reported_by')) item.reportedBy = get('reported_by');
    for (const [column, { slot, list }] of Object.entries(CODE_COLUMNS)) {
      const text = get(column);
      if (text === '') continue;
      const dimension = BENEFIT_ITEM_DIMENSIONS[slot];
      if (list)
        (item as Record<string, unknown>)[slot] = splitList(text).flatMap(
          (t) => code(line, column, dimension, t) ?? [],
        );
      else {
        const id = code(line, column, dimension, text);
        if (id) (item as Record<string, unknown>)[slot] = id;
      }
    }
    const number = (column: string): number | undefined => {
      const text = get(column);
      if (text === '') return undefined;
      const n = Number(text);
      if (!Number.isFinite(n)) faults.push({ line, message: `column ${column}: "${text}" is not a number` });
      return n;
    };
    const indicatorName = get('indicator_name');
    if (indicatorName) {
      const baseline = number('baseline');
      const followUp = number('follow_up');
      item.indicator = {
        name: indicatorName,
        ...(get('indicator_unit') ? { unit: get('indicator_unit') } : {}),
        ...(baseline === undefined
          ? {}
          : {
              baseline: { value: baseline, ...(get('baseline_date') ? { date: get('baseline_date') } : {}) },
            }),
        ...(followUp === undefined
          ? {}
          : {
              followUp: {
                value: followUp,
                ...(get('follow_up_date') ? { date: get('follow_up_date') } : {}),
              },
            }),
        ...(get('indicator_method') ? { method: get('indicator_method') } : {}),
      };
    } else if (get('baseline') || get('follow_up'))
      faults.push({
        line,
        message: 'column indicator_name: a baseline or follow-up needs the indicator’s name',
      });
    if (get('costs')) item.costs = get('costs');
    const innovation: NonNullable<BenefitItem['innovation']> = {};
    if (get('innovation_origin')) innovation.origin = get('innovation_origin');
    if (get('innovation_adopter')) innovation.adopter = get('innovation_adopter');
    if (get('transfer_status')) {
      const id = code(line, 'transfer_status', INNOVATION_DIMENSIONS.transferStatus, get('transfer_status'));
      if (id) innovation.transferStatus = id;
    }
    if (get('innovation_scores')) {
      const scores: Record<string, number> = {};
      for (const part of splitList(get('innovation_scores'))) {
        const match = part.length <= 500 ? /^(.+?)\s*=\s*(\d+)$/.exec(part) : null;
        if (!match) {
          faults.push({ line, message: `column innovation_scores: "${part}" is not criterion=score` });
          continue;
        }
        const id = code(line, 'innovation_scores', INNOVATION_DIMENSIONS.scores, match[1]!);
        if (id) scores[id] = Number(match[2]);
      }
      innovation.scores = scores;
    }
    if (Object.keys(innovation).length > 0) item.innovation = innovation;
    const parts = Object.entries(SOURCE_COLUMNS).map(
      ([column, key]) => [key, get(column) === '' ? [] : get(column).split(' | ')] as const,
    );
    const count = Math.max(0, ...parts.map(([, values]) => values.length));
    for (let i = 0; i < count; i++) {
      const source: BenefitSource = {};
      for (const [key, values] of parts) {
        const v = values[i]?.trim();
        if (v) source[key] = v;
      }
      if (Object.keys(source).length > 0) item.sources.push(source);
    }
    study.coding.items.push(item);
    study.lines.set(`item:${study.coding.items.length - 1}`, line);
  }
  // the checks every coding passes, each fault placed on the line it came from
  for (const { coding, lines } of byStudy.values())
    for (const fault of codingFaults(coding, form, framework)) {
      const itemMatch = /^\/items\/(\d+)/.exec(fault.path);
      const fieldMatch = /^\/fields\/([^/]+)/.exec(fault.path);
      const line =
        (itemMatch
          ? lines.get(`item:${itemMatch[1]}`)
          : fieldMatch
            ? lines.get(fieldMatch[1]!)
            : undefined) ??
        lines.values().next().value ??
        0;
      faults.push({ line, message: `${fault.path}: ${fault.message}` });
    }
  faults.sort((a, b) => a.line - b.line);
  return { codings: new Map([...byStudy].map(([id, s]) => [id, s.coding])), faults };
}
