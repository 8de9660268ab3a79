import type { Format } from '../contract.js';
import { readBibtex, type BibtexEntry } from './bibtex-lexer.js';
import { bibtexToRecord } from './bibtex-mapping.js';
import { writeBibtex } from './bibtex-writer.js';

/**
 * BibTeX and BibLaTeX: `@type{key, field = {…} | "…" | 123 | macro # …}`, `@string`, `@preamble`, `@comment`,
 * entries delimited by braces or parentheses. Streaming: memory holds at most one entry.
 */
export const bibtex: Format<BibtexEntry> = {
  id: 'bibtex',
  label: 'BibTeX / BibLaTeX (.bib)',
  extensions: ['.bib', '.bibtex', '.biblatex'],
  detect(sample) {
    if (
      /^\s*@\s*(article|book|inproceedings|incollection|misc|techreport|phdthesis|mastersthesis|online|report|thesis|inbook|proceedings|unpublished|string|preamble|comment|conference|manual|booklet|dataset|software)\s*[{(]/im.test(
        sample,
      )
    )
      return 0.9;
    return /^\s*@\s*[a-z]+\s*\{\s*[^,\s]+\s*,/im.test(sample) ? 0.6 : 0;
  },
  read: readBibtex,
  toRecord: bibtexToRecord,
  write: writeBibtex,
};
