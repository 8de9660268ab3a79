import ExcelJS from 'exceljs';
import type { BenefitItem } from '../codebook/benefit-item.js';
import { dimensionOf, type Framework } from '../codebook/framework.js';
import type { Cost, ReportBody, SelfAssessment } from '../partnerships/benefit-report.js';

/**
 * The benefit report as an XLSForm (ODK Collect, KoboToolbox, ODK Central): a `survey` sheet with a repeat
 * group of benefit items, a repeat group of costs and a group of THET self-assessment scores; a `choices` sheet
 * with the frameworks' codes (retired ones left out), the partnership's institutions and its rounds; a
 * `settings` sheet whose version starts with the framework's version. The fields are listed once here, and
 * the same list reads submissions back (`submissionReport`).
 */

export const XLSFORM_ID = 'twoway_benefit_report';
export const LABEL = 'label::English (en)';
export const BENEFITS_REPEAT = 'benefits';
export const COSTS_REPEAT = 'costs';
export const SELF_ASSESSMENT_GROUP = 'self_assessment';

export interface XlsformInput {
  partnership: { id: number; title: string; institutions: { id: number; name: string }[] };
  /** The rounds a report can be for (the open ones). */
  rounds: { id: number; periodStart: string; periodEnd: string }[];
  benefits: Framework;
  principles: Framework;
  /** Makes the version unique to this form (e.g. 202612021030). */
  revision: string;
}

type Row = Record<string, string>;

/** A benefit item's coded fields: the form's name, the framework dimension, one code or several. */
const CODED_FIELDS = [
  { name: 'direction', dimension: 'direction', many: false, slot: 'direction' },
  { name: 'level', dimension: 'level', many: false, slot: 'level' },
  { name: 'nature', dimension: 'nature', many: false, slot: 'nature' },
  { name: 'kind', dimension: 'kind', many: false, slot: 'kind' },
  { name: 'building_blocks', dimension: 'building_block', many: true, slot: 'buildingBlocks' },
  { name: 'learning_areas', dimension: 'learning_area', many: true, slot: 'learningAreas' },
  { name: 'jones_domain', dimension: 'jones_domain', many: false, slot: 'jonesDomain' },
  { name: 'evidence_type', dimension: 'evidence_type', many: false, slot: 'evidenceType' },
] as const;

/** The version of a form: the framework's id and version, then the revision. */
export function xlsformVersion(benefits: Framework, revision: string): string {
  return `${benefits.id}-${benefits.version}-${revision}`;
}

/** The framework version a form version was made for; undefined when it is not one of Twoway's. */
export function frameworkVersionOf(formVersion: string, benefits: Framework): number | undefined {
  const match = new RegExp(`^${benefits.id}-(\\d+)-`).exec(formVersion);
  return match ? Number(match[1]) : undefined;
}

const principleField = (code: string) => `principle_${code}`;

/** The three sheets as rows of their columns. */
export function xlsformSheets(input: XlsformInput): { survey: Row[]; choices: Row[]; settings: Row[] } {
  const { benefits, principles } = input;
  const survey: Row[] = [];
  const q = (type: string, name: string, label: string, extra: Row = {}) =>
    survey.push({ type, name, [LABEL]: label, ...extra });
  const version = xlsformVersion(benefits, input.revision);
  q('start', 'start', '');
  q('end', 'end', '');
  // the version travels in every submission, whatever the server exports
  q('calculate', 'form_version', '', { calculation: `'${version}'` });
  q('select_one institution', 'institution', 'Which institution is reporting?', { required: 'yes' });
  q('select_one round', 'round', 'Which reporting round?', { required: 'yes' });
  q('begin_repeat', BENEFITS_REPEAT, 'Benefit');
  q('text', 'description', 'What was the benefit?', { required: 'yes' });
  q('text', 'beneficiary', 'Who benefited?');
  for (const field of CODED_FIELDS) {
    const dimension = dimensionOf(benefits, field.dimension);
    q(
      `${field.many ? 'select_multiple' : 'select_one'} ${field.dimension}`,
      field.name,
      dimension?.label ?? field.name,
    );
  }
  q('select_one yes_no', 'has_indicator', 'Was it measured?');
  const measured = { relevant: "${has_indicator} = 'yes'" };
  q('text', 'indicator_name', 'Indicator', { ...measured, required: 'yes' });
  q('text', 'indicator_unit', 'Unit (e.g. %)', measured);
  q('decimal', 'baseline_value', 'Baseline value', measured);
  q('date', 'baseline_date', 'Baseline date', measured);
  q('decimal', 'followup_value', 'Follow-up value', measured);
  q('date', 'followup_date', 'Follow-up date', measured);
  q('text', 'indicator_method', 'How it was measured', measured);
  const innovation = { relevant: "${kind} = 'transferable_innovation'" };
  q('text', 'innovation_origin', 'Where the innovation came from', innovation);
  q('text', 'innovation_adopter', 'Who adopted it', innovation);
  q('select_one transfer_status', 'transfer_status', 'How far it has moved', innovation);
  q('text', 'item_costs', 'What it cost');
  q('end_repeat', BENEFITS_REPEAT, '');
  q('begin_repeat', COSTS_REPEAT, 'Cost or drawback');
  q('text', 'cost_description', 'What', { required: 'yes' });
  q('decimal', 'cost_amount', 'Amount', {
    constraint: '. >= 0',
    constraint_message: 'an amount is 0 or more',
  });
  q('text', 'cost_currency', 'Currency (ISO code, e.g. GBP)', {
    constraint: "regex(., '^[A-Z]{3}$')",
    constraint_message: 'three capital letters, e.g. GBP',
  });
  q('text', 'cost_kind', 'Kind (travel, staff time, equipment …)');
  q('end_repeat', COSTS_REPEAT, '');
  q(
    'begin_group',
    SELF_ASSESSMENT_GROUP,
    'The partnership against THET’s principles (1 not at all … 4 fully)',
  );
  for (const p of dimensionOf(principles, 'principle')?.codes.filter((c) => !c.retired) ?? []) {
    q('select_one score', principleField(p.id), p.label);
    q('text', `${principleField(p.id)}_comment`, `${p.label}: comment`, {
      relevant: `\${${principleField(p.id)}} != ''`,
    });
  }
  q('end_group', SELF_ASSESSMENT_GROUP, '');

  const choices: Row[] = [];
  const c = (list: string, name: string, label: string) =>
    choices.push({ list_name: list, name, [LABEL]: label });
  for (const field of [...CODED_FIELDS, { dimension: 'transfer_status' }])
    for (const code of dimensionOf(benefits, field.dimension)?.codes.filter((x) => !x.retired) ?? [])
      c(field.dimension, code.id, code.label);
  c('yes_no', 'yes', 'Yes');
  c('yes_no', 'no', 'No');
  for (const n of [1, 2, 3, 4]) c('score', String(n), String(n));
  for (const i of input.partnership.institutions) c('institution', String(i.id), i.name);
  for (const r of input.rounds) c('round', String(r.id), `${r.periodStart} – ${r.periodEnd}`);
  return {
    survey,
    choices,
    settings: [
      {
        form_title: `Benefit report: ${input.partnership.title}`,
        form_id: XLSFORM_ID,
        version,
        default_language: 'English (en)',
      },
    ],
  };
}

/**
 * What pyxform would refuse in the sheets (no XLSForm validator runs here, so the rules are checked by hand):
 * a name used twice in one scope or not an XML name, groups and repeats that do not close, a select whose list
 * is missing or empty, choice names that repeat in a list or (for select_multiple) hold spaces, a relevant or
 * constraint naming a field that does not exist, settings without form_id or version.
 */
export function xlsformFaults(sheets: { survey: Row[]; choices: Row[]; settings: Row[] }): string[] {
  const faults: string[] = [];
  const lists = Map.groupBy(sheets.choices, (c) => c.list_name ?? '');
  for (const [list, rows] of lists) {
    const names = rows.map((r) => r.name ?? '');
    if (new Set(names).size !== names.length) faults.push(`choices: a name repeats in list ${list}`);
  }
  const open: string[] = [];
  const names = new Set<string>();
  sheets.survey.forEach((row, i) => {
    const where = `survey row ${i + 2}`;
    const [type = '', list] = (row.type ?? '').split(/\s+/);
    if (type === 'begin_group' || type === 'begin_repeat') open.push(type.replace('begin_', ''));
    if (type === 'end_group' || type === 'end_repeat')
      if (open.pop() !== type.replace('end_', '')) faults.push(`${where}: ${type} closes nothing`);
    if (type.startsWith('end_')) return;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(row.name ?? ''))
      faults.push(`${where}: "${row.name}" is not an XML name`);
    else if (names.has(row.name!)) faults.push(`${where}: the name ${row.name} is used twice`);
    names.add(row.name ?? '');
    if (type === 'select_one' || type === 'select_multiple') {
      const choices = lists.get(list ?? '');
      if (!choices?.length) faults.push(`${where}: no choices in list ${list}`);
      if (type === 'select_multiple' && choices?.some((c) => /\s/.test(c.name ?? '')))
        faults.push(`${where}: list ${list} has a choice name with a space`);
    }
  });
  if (open.length > 0) faults.push(`survey: ${open.join(', ')} not closed`);
  for (const [i, row] of sheets.survey.entries())
    for (const column of ['relevant', 'constraint', 'calculation'])
      for (const [, ref] of (row[column] ?? '').matchAll(/\$\{([^}]+)\}/g))
        if (!names.has(ref!))
          faults.push(`survey row ${i + 2}: ${column} names \${${ref}}, which is no field`);
  const settings = sheets.settings[0];
  if (!settings?.form_id || !settings.version) faults.push('settings: form_id and version are required');
  return faults;
}

/** The XLSForm workbook (survey, choices, settings). */
export async function xlsformWorkbook(input: XlsformInput): Promise<Uint8Array> {
  const sheets = xlsformSheets(input);
  const faults = xlsformFaults(sheets);
  if (faults.length > 0)
    throw new Error(`the XLSForm Twoway made is not valid (a bug):\n${faults.join('\n')}`);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Twoway';
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    sheet.addRow(columns);
    for (const r of rows) sheet.addRow(columns.map((col) => r[col] ?? ''));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** One submission as its fields by name (the last part of each path), with its repeats' rows. */
export interface Submission {
  /** `meta/instanceID` (uuid:…). */
  instanceId: string;
  formVersion: string;
  fields: ReadonlyMap<string, string>;
  benefits: ReadonlyMap<string, string>[];
  costs: ReadonlyMap<string, string>[];
  /** Where it was read (file:row), for errors. */
  where: string;
}

const words = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);
const number = (text: string | undefined) =>
  text === undefined || text.trim() === '' ? undefined : Number(text);

/**
 * A submission as a report body (to be checked against the framework like any report): the form's fields
 * read back into the shared BenefitItem, the costs and the self-assessment.
 */
export function submissionReport(s: Submission, principles: Framework): ReportBody {
  const benefits = s.benefits.map((row): BenefitItem => {
    const text = (name: string) => row.get(name)?.trim() || undefined;
    const item: Record<string, unknown> = { description: text('description') ?? '', sources: [] };
    if (text('beneficiary')) item.beneficiary = text('beneficiary');
    for (const field of CODED_FIELDS) {
      if (field.many) item[field.slot] = words(row.get(field.name));
      else if (text(field.name)) item[field.slot] = text(field.name);
    }
    if (text('has_indicator') === 'yes' && text('indicator_name')) {
      const measure = (value: string, date: string) =>
        number(row.get(value)) === undefined
          ? undefined
          : { value: number(row.get(value))!, ...(text(date) ? { date: text(date)!.slice(0, 10) } : {}) };
      const baseline = measure('baseline_value', 'baseline_date');
      const followUp = measure('followup_value', 'followup_date');
      item.indicator = {
        name: text('indicator_name'),
        ...(text('indicator_unit') ? { unit: text('indicator_unit') } : {}),
        ...(baseline ? { baseline } : {}),
        ...(followUp ? { followUp } : {}),
        ...(text('indicator_method') ? { method: text('indicator_method') } : {}),
      };
    }
    const innovation = {
      ...(text('innovation_origin') ? { origin: text('innovation_origin') } : {}),
      ...(text('innovation_adopter') ? { adopter: text('innovation_adopter') } : {}),
      ...(text('transfer_status') ? { transferStatus: text('transfer_status') } : {}),
    };
    if (Object.keys(innovation).length > 0) item.innovation = innovation;
    if (text('item_costs')) item.costs = text('item_costs');
    return item as unknown as BenefitItem;
  });
  const costs = s.costs.map((row): Cost => {
    const amount = number(row.get('cost_amount'));
    return {
      description: row.get('cost_description')?.trim() ?? '',
      ...(amount === undefined ? {} : { amount }),
      ...(row.get('cost_currency')?.trim() ? { currency: row.get('cost_currency')!.trim() } : {}),
      ...(row.get('cost_kind')?.trim() ? { kind: row.get('cost_kind')!.trim() } : {}),
    };
  });
  const selfAssessment: SelfAssessment[] = [];
  for (const p of dimensionOf(principles, 'principle')?.codes ?? []) {
    const score = number(s.fields.get(principleField(p.id)));
    if (score === undefined) continue;
    const comment = s.fields.get(`${principleField(p.id)}_comment`)?.trim();
    selfAssessment.push({ principle: p.id, score, ...(comment ? { comment } : {}) });
  }
  return { benefits, costs, selfAssessment };
}
