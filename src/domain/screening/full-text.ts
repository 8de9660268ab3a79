import { TwowayError } from '../errors.js';
import { counted } from '../text/counted.js';

/**
 * Full texts: the PDF of a record's report, attached at the full-text stage. The rules written once here:
 * what counts as a PDF, how large one may be, and which record a file named after its DOI or PMID belongs to
 * (bulk attach, as reference managers and download tools name their PDFs). Attaching one says the report was
 * retrieved (PRISMA's "reports sought for retrieval" / "reports not retrieved" follow).
 */

/** The largest PDF Twoway keeps (bytes): a scanned report runs to tens of megabytes. */
export const MAX_FULL_TEXT_BYTES = 100 * 1024 * 1024;

const HEADER = '%PDF-';
/** PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H). */
const HEADER_WINDOW = 1024;
/** The end-of-file marker must be in the last kilobyte (after it only whitespace or a little junk). */
const TRAILER_WINDOW = 1024;

/**
 * Checks that `bytes` are a whole PDF document no larger than `maxBytes`: the `%PDF-1.x` header in the first
 * kilobyte and the `%%EOF` marker in the last (a download cut short has none); answers the PDF version.
 * @example checkPdf(new TextEncoder().encode('%PDF-1.4\n…\n%%EOF\n'), 'a.pdf') // '1.4'
 */
export function checkPdf(bytes: Uint8Array, fileName: string, maxBytes = MAX_FULL_TEXT_BYTES): string {
  const refuse = (message: string, code: 'E_NOT_PDF' | 'E_TOO_LARGE' = 'E_NOT_PDF') =>
    new TwowayError({ code, message }, fileName);
  if (bytes.length > maxBytes)
    throw refuse(
      `the PDF is ${bytes.length} bytes; Twoway keeps full texts of at most ${maxBytes} bytes`,
      'E_TOO_LARGE',
    );
  if (bytes.length === 0) throw refuse('the file is empty');
  const latin1 = new TextDecoder('latin1');
  const head = latin1.decode(bytes.subarray(0, HEADER_WINDOW));
  const at = head.indexOf(HEADER);
  if (at < 0) {
    const looks = /^\s*</.test(head)
      ? ' (it looks like a web page: a paywall or a login page saved instead?)'
      : '';
    throw refuse(`the file does not start as a PDF does (no "%PDF-" header in its first kilobyte)${looks}`);
  }
  const version = /^%PDF-(\d\.\d)/.exec(head.slice(at))?.[1];
  if (!version) throw refuse('the PDF header names no version ("%PDF-1.7" or the like)');
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - TRAILER_WINDOW)));
  if (!tail.includes('%%EOF'))
    throw refuse(
      'the PDF has no end-of-file marker in its last kilobyte: it was cut short (an interrupted download?)',
    );
  return version;
}

/** An identifier a PDF's file name gives: a DOI (as a key: see doiFileKey), a PMID or a PMCID. */
export type FileIdentifier = { doi: string } | { pmid: string } | { pmcid: string };

/**
 * A DOI as file names write it and as it is compared: lower case, with `/`, `%2F`, `@`, `_`, `:` and `+` — the
 * characters tools put for the slash that a file name cannot hold — all read as one `_`.
 * @example doiFileKey('10.1186/1744-8603-8-17') // '10.1186_1744-8603-8-17'
 */
export function doiFileKey(doi: string): string {
  return doi
    .toLowerCase()
    .replace(/%2f/g, '_')
    .replace(/[/@_:+]/g, '_');
}

/**
 * The identifier a PDF's file name gives, if any: a DOI (`10.1186_1744-8603-8-17.pdf`, `10.1186@….pdf`,
 * `doi 10.1186%2F….pdf`), a PMID (`22443120.pdf`, `PMID22443120.pdf`, `pmid_22443120 - Syed 2012.pdf`; a bare number of 5–8 digits) or a
 * PMCID (`PMC3359166.pdf`). Undefined when the name holds none.
 * @example fileIdentifier('PMID 22443120 Syed.pdf') // { pmid: '22443120' }
 */
export function fileIdentifier(fileName: string): FileIdentifier | undefined {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.pdf$/i, '');
  const doi = /\b(10\.\d{4,9}(?:[/@_:+]|%2f)[^\s]+)/i.exec(stem)?.[1];
  if (doi) return { doi: doiFileKey(doi) };
  const pmcid = /\bpmc(\d{4,9})\b/i.exec(stem)?.[1];
  if (pmcid) return { pmcid: `PMC${pmcid}` };
  // a bare number is a PMID when it has 5 to 8 digits (a year at the start of a name is not); after "PMID", any
  const pmid = /\bpmid[\s_:-]*(\d{1,8})(?!\d)/i.exec(stem)?.[1] ?? /^(\d{5,8})(?=$|[\s_.-])/.exec(stem)?.[1];
  if (pmid && Number(pmid) > 0) return { pmid: String(Number(pmid)) };
  return undefined;
}

/** A record as a file is matched against it. */
export interface IdentifiedRecord {
  id: number;
  doi: string | null;
  pmid: string | null;
  pmcid: string | null;
}

/** Which record a file goes to, or why it goes to none. */
export type FileMatch =
  | { fileName: string; recordId: number; by: 'doi' | 'pmid' | 'pmcid' }
  | { fileName: string; unmatched: string };

/**
 * Matches PDFs to records by the identifier in their file names. A name with no identifier, or one no record has,
 * or one several records share that are not one study (the caller passes one record a duplicate cluster), is
 * unmatched with the reason in words.
 * @example matchFullTextFiles(['22443120.pdf'], [{ id: 4, doi: null, pmid: '22443120', pmcid: null }]) // [{ fileName: '22443120.pdf', recordId: 4, by: 'pmid' }]
 */
export function matchFullTextFiles(
  fileNames: readonly string[],
  records: readonly IdentifiedRecord[],
): FileMatch[] {
  const index = new Map<string, Set<number>>();
  const add = (key: string, id: number) => {
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(id);
  };
  for (const r of records) {
    if (r.doi) add(`doi:${doiFileKey(r.doi)}`, r.id);
    if (r.pmid) add(`pmid:${r.pmid}`, r.id);
    if (r.pmcid) add(`pmcid:${r.pmcid.toUpperCase()}`, r.id);
  }
  return fileNames.map((fileName): FileMatch => {
    const found = fileIdentifier(fileName);
    if (!found) return { fileName, unmatched: 'its name holds no DOI, PMID or PMCID' };
    const [by, value] = Object.entries(found)[0] as ['doi' | 'pmid' | 'pmcid', string];
    const ids = index.get(`${by}:${value}`);
    if (!ids)
      return { fileName, unmatched: `no record has the ${by.toUpperCase()} its name gives (${value})` };
    if (ids.size > 1)
      return {
        fileName,
        unmatched: `${counted(ids.size, 'record')} that are not duplicates of one another have the ${by.toUpperCase()} ${value}: attach it to one by hand`,
      };
    return { fileName, recordId: [...ids][0]!, by };
  });
}
