import { TwowayError } from '../errors.js';
import type { Format, FormatId } from './contract.js';
import { jsonLines } from './json/json-lines.js';
import { medline } from './medline/medline.js';
import { ris } from './ris/ris.js';
import { pubmedXml } from './pubmed-xml/pubmed-xml.js';
import { endnoteXml } from './endnote-xml/endnote-xml.js';
import { cslJson } from './csl-json/csl-json.js';
import { csv } from './csv/csv.js';
import { bibtex } from './bibtex/bibtex.js';
import { wos } from './wos/wos.js';
import { endnoteTagged } from './endnote/endnote-tagged.js';

/** Every format Twoway reads and writes, in the order detection breaks ties. */
export const FORMATS: readonly Format[] = [
  ris,
  medline,
  endnoteTagged,
  endnoteXml,
  pubmedXml,
  wos,
  bibtex,
  csv,
  cslJson,
  jsonLines,
] as Format[];

export { WRITABLE_FORMATS } from './writable-formats.js';

export function formatById(id: string): Format | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The list of formats, for error messages and `--help`. */
export function formatList(): string {
  return FORMATS.map((f) => `${f.id} (${f.extensions.join(', ')})`).join('; ');
}

/**
 * Chooses a file's format by its content first, its extension second. Throws E_FORMAT_UNKNOWN (listing the
 * formats Twoway reads) when neither tells.
 * @example detectFormat('TY  - JOUR\nTI  - x\nER  - \n', 'a.txt').id // 'ris'
 */
export function detectFormat(sample: string, fileName = ''): Format {
  let best: Format | undefined;
  let bestScore = 0;
  for (const format of FORMATS) {
    const score = format.detect(sample);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  if (best && bestScore >= 0.5) return best;
  const lower = fileName.toLowerCase();
  const byExtension = FORMATS.find((f) => f.extensions.some((ext) => ext !== '.txt' && lower.endsWith(ext)));
  if (byExtension && bestScore === 0 && sample.trim() === '') return byExtension;
  if (byExtension && byExtension.detect(sample) > 0) return byExtension;
  throw new TwowayError({
    code: 'E_FORMAT_UNKNOWN',
    message: `the content is in no format Twoway reads${byExtension ? ` (the extension says ${byExtension.id}, the content does not)` : ''}; Twoway reads: ${formatList()}`,
    line: 1,
  });
}

export type { Format, FormatId };
