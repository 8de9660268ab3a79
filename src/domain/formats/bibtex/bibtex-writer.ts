import type { BibRecord } from '../../record/bib-record.js';
import { BIBTEX_FIELDS, BIBTEX_TYPES } from './bibtex-mapping.js';
import { escapeLatex } from './latex.js';

/** A citation key: the source's own when it is usable, else first author + year + a counter. */
function citationKey(r: BibRecord, used: Set<string>): string {
  let key = r.sourceId && /^[^\s,{}"#%'()=\\]+$/.test(r.sourceId) ? r.sourceId : '';
  if (!key) {
    const who =
      (r.authors?.[0]?.family ?? r.authors?.[0]?.literal ?? 'anon')
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase() || 'anon';
    key = `${who}${r.date?.year ?? ''}`;
  }
  let candidate = key;
  for (let n = 2; used.has(candidate); n++) candidate = `${key}-${n}`;
  used.add(candidate);
  return candidate;
}

/** Fields whose values are written as they are: names are escaped already, URLs and DOIs are not LaTeX. */
const VERBATIM = new Set(['author', 'editor', 'url', 'doi']);

/** Writes records as BibTeX entries, each field of BIBTEX_FIELDS in its order, with a unique citation key. */
export async function* writeBibtex(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  const used = new Set<string>();
  for await (const r of records) {
    const body = BIBTEX_FIELDS.written(r)
      .map(([name, value]) => {
        // a month is written as BibTeX's macro (jan, feb, …), not as text
        if (name === 'month') return `  ${name} = ${value}`;
        return `  ${name} = {${VERBATIM.has(name) ? value : escapeLatex(value)}}`;
      })
      .join(',\n');
    yield `@${BIBTEX_TYPES.write(r.type)}{${citationKey(r, used)},\n${body}\n}\n\n`;
  }
}
