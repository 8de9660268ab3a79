import { parse } from 'csv-parse/sync';
import { TwowayError } from '../errors.js';
import { BENEFITS_REPEAT, COSTS_REPEAT, type Submission } from './xlsform.js';

/**
 * Submissions of the benefit-report XLSForm as ODK Central and KoboToolbox export them: Central's CSV files
 * (the main table and one table a repeat group, joined by KEY and PARENT_KEY; group paths joined by "-"), or
 * JSON (Kobo's array of submissions with "/"-joined paths, or Central's OData `{ value: [...] }` with nested
 * groups). Every field is known by its name, the last part of its path (the form's names are unique).
 */

export interface SubmissionFile {
  name: string;
  text: string;
}

const leaf = (path: string) => path.split(/[-/]/).at(-1) ?? path;

function fail(where: string, message: string): never {
  throw new TwowayError({ code: 'E_USAGE', message: `${where}: ${message}` });
}

function csvRows(file: SubmissionFile): Record<string, string>[] {
  try {
    // KoboToolbox writes ";"-separated CSV, ODK Central ","
    const header = file.text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = header.split(';').length > header.split(',').length ? ';' : ',';
    return parse(file.text, { bom: true, columns: true, skip_empty_lines: true, delimiter }) as Record<
      string,
      string
    >[];
  } catch (error) {
    return fail(file.name, `not a CSV table (${(error as Error).message})`);
  }
}

/** The value of the first of some columns a row has (exports name the same thing differently). */
function first(row: Record<string, string>, names: readonly string[]): string | undefined {
  for (const [key, value] of Object.entries(row))
    if (names.includes(leaf(key)) || names.includes(key)) return value;
  return undefined;
}

function fieldsOf(row: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(row).map(([k, v]) => [leaf(k), v]));
}

/** Central's CSV export: the main table and the repeat tables (which is which is read from their columns). */
export function centralCsvSubmissions(files: readonly SubmissionFile[]): Submission[] {
  const tables = files.map((file) => ({ file, rows: csvRows(file) }));
  const columns = (t: (typeof tables)[number]) => Object.keys(t.rows[0] ?? {}).map(leaf);
  const main = tables.filter((t) => !columns(t).includes('PARENT_KEY'));
  if (main.length !== 1)
    fail(
      files.map((f) => f.name).join(', '),
      `expected one main table (without PARENT_KEY) and the repeat tables; found ${main.length} main tables`,
    );
  const repeats = new Map<string, Map<string, string>[]>();
  for (const t of tables.filter((x) => x !== main[0])) {
    const kind = columns(t).includes('cost_description')
      ? COSTS_REPEAT
      : columns(t).includes('description')
        ? BENEFITS_REPEAT
        : fail(t.file.name, 'a repeat table of neither benefits (description) nor costs (cost_description)');
    t.rows.forEach((row, i) => {
      const parent = row.PARENT_KEY;
      if (!parent) fail(`${t.file.name}:${i + 2}`, 'no PARENT_KEY');
      const key = `${kind}\u0000${parent}`;
      repeats.set(key, [...(repeats.get(key) ?? []), fieldsOf(row)]);
    });
  }
  const { file, rows } = main[0]!;
  return rows.map((row, i) => {
    const where = `${file.name}:${i + 2}`;
    const key = row.KEY ?? first(row, ['instanceID']);
    const instanceId = first(row, ['instanceID']) ?? row.KEY;
    if (!instanceId || !key) fail(where, 'no instance id (meta-instanceID or KEY)');
    return {
      instanceId,
      formVersion: first(row, ['form_version', 'FormVersion']) ?? '',
      fields: fieldsOf(row),
      benefits: repeats.get(`${BENEFITS_REPEAT}\u0000${key}`) ?? [],
      costs: repeats.get(`${COSTS_REPEAT}\u0000${key}`) ?? [],
      where,
    };
  });
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Fields by name and repeat rows, from one submission's JSON (nested groups or "/"-joined paths). */
function flatten(
  value: Json,
  out: Map<string, string>,
  repeats: Record<string, Map<string, string>[]>,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const name = leaf(key);
    if (Array.isArray(inner) && (name === BENEFITS_REPEAT || name === COSTS_REPEAT)) {
      for (const row of inner) {
        const fields = new Map<string, string>();
        flatten(row, fields, repeats);
        (repeats[name] ??= []).push(fields);
      }
    } else if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      flatten(inner, out, repeats);
    else if (inner !== null && !Array.isArray(inner)) out.set(name, String(inner));
  }
}

/** Kobo's JSON export (an array) or Central's OData JSON (`{ value: [...] }`). */
export function jsonSubmissions(file: SubmissionFile): Submission[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(file.text) as Json;
  } catch (error) {
    return fail(file.name, `not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray(parsed.value)
      ? parsed.value
      : fail(file.name, 'expected an array of submissions (KoboToolbox) or { "value": [...] } (ODK Central)');
  return list.map((submission, i) => {
    const where = `${file.name}:${i + 1}`;
    const fields = new Map<string, string>();
    const repeats: Record<string, Map<string, string>[]> = {};
    flatten(submission, fields, repeats);
    const instanceId = fields.get('instanceID') ?? fields.get('__id') ?? fields.get('_uuid');
    if (!instanceId) fail(where, 'no instance id (meta/instanceID)');
    return {
      instanceId,
      formVersion: fields.get('form_version') ?? fields.get('formVersion') ?? '',
      fields,
      benefits: repeats[BENEFITS_REPEAT] ?? [],
      costs: repeats[COSTS_REPEAT] ?? [],
      where,
    };
  });
}

/** Submissions from export files: JSON files one by one, CSV files together (a main table and its repeats). */
export function readSubmissions(files: readonly SubmissionFile[]): Submission[] {
  const json = files.filter((f) => /\.json$/i.test(f.name) || /^\s*[[{]/.test(f.text));
  const csv = files.filter((f) => !json.includes(f));
  return [...json.flatMap(jsonSubmissions), ...(csv.length ? centralCsvSubmissions(csv) : [])];
}
