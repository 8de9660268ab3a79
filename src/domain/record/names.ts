import type { Person } from './bib-record.js';

const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'dos',
  'das',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'bin',
  'ibn',
  'al',
  'el',
  'st',
  "d'",
]);
const SUFFIXES = /^(jr|sr|ii|iii|iv|2nd|3rd)\.?$/i;
/** Words that make a name an organisation's; looked up word by word (a Set beats a long alternation). */
const ORGANISATION_WORDS = new Set(
  'organization organisation group committee consortium association institute society collaboration collaborative collaborators university ministry department council agency foundation network alliance programme program centre center investigators party force trust board federation office who'.split(
    ' ',
  ),
);

function isOrganisation(name: string): boolean {
  for (const word of name.toLowerCase().split(/[^\p{L}]+/u)) if (ORGANISATION_WORDS.has(word)) return true;
  return false;
}

const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;
const HANGUL = /^[\uac00-\ud7af]+$/;
const CJK_ANY = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
/** Chinese two-character surnames; any other Han name takes its first character as the family name. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '歐陽',
  '諸葛',
  '司馬',
]);

/** True for initials written as "SB", "S.B.", "S. B.", "S-B". */
function looksLikeInitials(token: string): boolean {
  return /^(?:[A-Z\u00c0-\u00de]\.?-?\s?){1,4}$/.test(token.trim()) && token.trim().length <= 8;
}

function splitCjk(name: string): Person | undefined {
  const parts = name.trim().split(/\s+/);
  // East Asian order with a space ("山田 太郎"): family name first.
  if (parts.length === 2 && parts.every((p) => CJK_ANY.test(p))) return { family: parts[0], given: parts[1] };
  const compact = name.replace(/\s+/g, '');
  if (HAN.test(compact) && compact.length >= 2 && compact.length <= 5) {
    const two = compact.slice(0, 2);
    const familyLength = COMPOUND_SURNAMES.has(two) && compact.length >= 3 ? 2 : 1;
    return { family: compact.slice(0, familyLength), given: compact.slice(familyLength) };
  }
  if (HANGUL.test(compact) && compact.length >= 2 && compact.length <= 4) {
    return { family: compact.slice(0, 1), given: compact.slice(1) };
  }
  return undefined;
}

/**
 * Splits a personal name as bibliographic sources write it.
 * - "Syed, S. B." and "Syed, Shamsuzzoha B" → family before the comma;
 * - "Syed SB" (MEDLINE `AU`, Embase "Liu R.") → trailing initials are the given name;
 * - "Shamsuzzoha B Syed", "Ludwig van Beethoven" → the last word (with particles) is the family name;
 * - Han and Hangul names without a comma → family name first ("张三", "欧阳修", "김철수");
 * - organisations ("World Health Organization") → `literal`.
 * @example parsePersonName('Shamsuzzoha B Syed') // { family: 'Syed', given: 'Shamsuzzoha B' }
 */
export function parsePersonName(text: string): Person | undefined {
  let name = text.trim();
  if (/\s\s|[\t\n\r]/.test(name)) name = name.replace(/\s+/g, ' ');
  const lastChar = name.charCodeAt(name.length - 1);
  if (lastChar === 44 || lastChar === 59) name = name.slice(0, -1).trim();
  if (!name) return undefined;
  // "Family, Given" with a one-word family name is a person: skip the organisation look-up, the common case
  const comma = name.indexOf(',');
  const simplePerson = comma > 0 && name.lastIndexOf(' ', comma) < 0;
  if (!simplePerson && isOrganisation(name) && !/,\s*[A-Z]\.?\s*([A-Z]\.?)?$/.test(name))
    return { literal: name };
  if (CJK_ANY.test(name) && !name.includes(',')) {
    const cjk = splitCjk(name);
    return cjk ?? { literal: name };
  }
  const commaParts = name.split(',').map((p) => p.trim());
  if (commaParts.length >= 2) {
    const [family = '', ...rest] = commaParts;
    const suffix = rest.length >= 2 && SUFFIXES.test(rest[0] ?? '') ? rest.shift() : undefined;
    let given = rest.join(', ').trim();
    if (suffix) given = `${given} ${suffix}`.trim();
    if (!family) return given ? { literal: given } : undefined;
    return given ? { family, given } : { family };
  }
  const words = name.split(' ');
  if (words.length === 1) return { family: name };
  const last = words[words.length - 1] ?? '';
  // "Syed SB", "Liu R.", "Adler D.G."
  if (looksLikeInitials(last) && !looksLikeInitials(words[0] ?? '')) {
    return { family: words.slice(0, -1).join(' '), given: last };
  }
  let familyStart = words.length - 1;
  if (SUFFIXES.test(last) && words.length > 2) familyStart -= 1;
  while (familyStart > 1 && PARTICLES.has((words[familyStart - 1] ?? '').toLowerCase())) familyStart -= 1;
  return { family: words.slice(familyStart).join(' '), given: words.slice(0, familyStart).join(' ') };
}

/**
 * Splits an author list written in one field: "Liu R., Adler D.G." (Embase), "Reimer, E J; Dunn, B"
 * (semicolons), Python list literals "['Marx, Karl', 'Lindgren, Astrid']" (ASReview), or one name a line.
 * @example splitAuthorList('Liu R., Adler D.G.') // ['Liu R.', 'Adler D.G.']
 */
export function splitAuthorList(text: string): string[] {
  const t = text.trim();
  if (!t) return [];
  if (/^\[.*\]$/s.test(t)) return splitPythonList(t);
  if (t.includes('\n'))
    return t
      .split(/\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (t.includes(';'))
    return t
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  // BibTeX's "Family, G. and Family, G.": " and " separates the names, each with one comma
  const bibtexParts = t.replace(/\s+/g, ' ').split(' and ');
  if (bibtexParts.length > 1 && bibtexParts.every((p) => p.split(',').length === 2))
    return bibtexParts.map((s) => s.trim());
  // "Liu R., Adler D.G., Smith J": commas separate whole names, each ending in initials
  const commaParts = t.split(',').map((s) => s.trim());
  if (commaParts.length > 1 && commaParts.every((p) => /\s(?:[A-Z\u00c0-\u00de]\.?-?){1,4}$/.test(p)))
    return commaParts;
  if (/ and /.test(t) && !t.includes(','))
    return t
      .split(/ and /)
      .map((s) => s.trim())
      .filter(Boolean);
  return [t];
}

/**
 * Reads a Python list literal as ASReview writes list columns: "['a', \"b's\"]".
 * @example splitPythonList("['Pippi', 'Nordwind']") // ['Pippi', 'Nordwind']
 */
export function splitPythonList(text: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').trim();
    if (v) out.push(v);
  }
  return out;
}
