/**
 * Deterministic generator of realistic bibliographic files for benchmarks (never committed: they are made
 * anew in bench/.cache). Records look like PubMed journal articles: 4–10 authors with affiliations, a
 * 150–300-word abstract, MeSH headings with qualifiers, keywords, DOI, pages.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { risLines } from '../../domain/formats/ris/ris.js';
import { medlineLines } from '../../domain/formats/medline/medline.js';
import type { BibRecord } from '../../domain/record/bib-record.js';

/** Mulberry32: a small seeded PRNG, so every run writes the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'health partnership hospital twinning patient safety surgical infection control hand hygiene training ' +
  'workforce nurses physicians community rural district maternal child mortality outcomes quality improvement ' +
  'intervention randomised controlled trial cohort study qualitative interviews survey evaluation learning ' +
  'innovation mobile phone simulation low-cost decentralisation management financing insurance access ' +
  'essential medicines vaccines supply chain governance leadership information systems surveillance malaria ' +
  'tuberculosis HIV antiretroviral adherence diabetes hypertension screening referral primary care emergency ' +
  'obstetric neonatal task shifting clinical officers volunteers capacity building mentoring exchange visits ' +
  'reciprocal benefit mutual developed developing countries Africa Europe Uganda Kenya Malawi Ethiopia Ghana ' +
  'Switzerland United Kingdom Netherlands cost effectiveness implementation sustainability scale-up policy'
).split(' ');
const FAMILY =
  'Syed Dadwal Rutter Storr Hightower Gooden Carlet Nejad Kelley Donaldson Pittet Okafor Mensah Banda Otieno Mwangi Müller Nguyen García Kowalski Zhang Haddad Achieng Tesfaye'.split(
    ' ',
  );
const GIVEN =
  'Shamsuzzoha Viva Paul Julie Joyce Rachel Jean Sepideh Edward Liam Didier Grace Kofi Amina Jörg Thi Lucía Piotr Wei Fatima Samuel'.split(
    ' ',
  );
const JOURNALS = [
  'Globalization and Health',
  'BMJ Global Health',
  'The Lancet Global Health',
  'Human Resources for Health',
  'Tropical Medicine & International Health',
  'BMC Health Services Research',
  'Health Policy and Planning',
];
const MESH = [
  'Developing Countries',
  'Developed Countries',
  'International Cooperation',
  'Patient Safety',
  'Hospitals',
  'Quality of Health Care',
  'Health Personnel',
  'Africa',
  'Europe',
  'Humans',
  'Cross Infection',
  'Hand Hygiene',
];
const QUALIFIERS = [
  'organization & administration',
  'economics',
  'standards',
  'prevention & control',
  'education',
  'statistics & numerical data',
];

function pickFrom<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function sentence(rand: () => number, words: number, word = () => pickFrom(rand, WORDS)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(word());
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A larger vocabulary for search benchmarks: words and MeSH headings drawn with a skew (a few common, most
 * rare), as in real bibliographies.
 */
export interface BenchVocabulary {
  words: readonly string[];
  mesh: readonly string[];
}

function skewedPick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(list.length * Math.pow(rand(), 3))] as T;
}

export function makeRecord(rand: () => number, i: number, vocabulary?: BenchVocabulary): BibRecord {
  const word = vocabulary
    ? () => (rand() < 0.5 ? pickFrom(rand, WORDS) : skewedPick(rand, vocabulary.words))
    : () => pickFrom(rand, WORDS);
  const heading = vocabulary
    ? () => (rand() < 0.3 ? pickFrom(rand, MESH) : skewedPick(rand, vocabulary.mesh))
    : () => pickFrom(rand, MESH);
  const authors = Array.from({ length: 4 + Math.floor(rand() * 7) }, () => ({
    family: pickFrom(rand, FAMILY),
    given: `${pickFrom(rand, GIVEN)} ${String.fromCharCode(65 + Math.floor(rand() * 26))}`,
    affiliation: [
      `Department of ${pickFrom(rand, WORDS)}, ${pickFrom(rand, ['University of Geneva', 'Makerere University', 'University of Nairobi', "King's College London", 'University of Malawi'])}`,
    ],
  }));
  const abstractSentences = 8 + Math.floor(rand() * 8);
  const abstract =
    Array.from({ length: abstractSentences }, () => sentence(rand, 14 + Math.floor(rand() * 12), word)).join(
      '. ',
    ) + '.';
  const first = 1 + Math.floor(rand() * 900);
  const year = 1990 + Math.floor(rand() * 35);
  return {
    v: 1,
    type: 'article',
    sourceId: String(i + 1),
    title: `${sentence(rand, 8 + Math.floor(rand() * 10), word)}: a ${pickFrom(rand, ['cohort study', 'systematic review', 'qualitative study', 'randomised trial'])}`,
    authors,
    date: { year, month: 1 + Math.floor(rand() * 12) },
    journal: { title: pickFrom(rand, JOURNALS) },
    volume: String(1 + Math.floor(rand() * 40)),
    issue: String(1 + Math.floor(rand() * 12)),
    pages: `${first}-${first + 3 + Math.floor(rand() * 20)}`,
    doi: `10.${1000 + Math.floor(rand() * 8999)}/bench.${year}.${i}`,
    pmid: String(10_000_000 + i),
    issn: ['1744-8603'],
    language: vocabulary && rand() < 0.1 ? pickFrom(rand, ['fre', 'ger', 'spa', 'por']) : 'eng',
    abstract,
    keywords: Array.from({ length: 3 + Math.floor(rand() * 4) }, word),
    mesh: Array.from({ length: 4 + Math.floor(rand() * 6) }, () => ({
      descriptor: heading(),
      major: rand() < 0.3,
      qualifiers: rand() < 0.5 ? [{ name: pickFrom(rand, QUALIFIERS), major: rand() < 0.3 }] : [],
    })),
    publicationTypes: ['Journal Article'],
  };
}

/** PubMed wraps MEDLINE lines at about 80 characters, continuing with six spaces: do the same. */
function wrapMedline(line: string): string[] {
  if (line.length <= 82) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > 82) {
    const cut = rest.lastIndexOf(' ', 82);
    const at = cut > 10 ? cut : 82;
    out.push(rest.slice(0, at));
    rest = `      ${rest.slice(at).trimStart()}`;
  }
  out.push(rest);
  return out;
}

/** Writes records in `format` until the file holds at least `bytes` bytes or `maxRecords` records; returns the record count. */
export async function writeBenchFile(
  path: string,
  format: 'ris' | 'medline',
  bytes: number,
  seed = 2012,
  vocabulary?: BenchVocabulary,
  maxRecords = Infinity,
): Promise<number> {
  const rand = prng(seed);
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  const lines = format === 'ris' ? risLines : (r: BibRecord) => medlineLines(r).flatMap(wrapMedline);
  while (written < bytes && n < maxRecords) {
    let block = '';
    for (let k = 0; k < 200 && n < maxRecords; k++)
      block += `${lines(makeRecord(rand, n++, vocabulary)).join('\n')}\n\n`;
    written += Buffer.byteLength(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}
