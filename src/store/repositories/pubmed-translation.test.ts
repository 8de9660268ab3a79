import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeshVocabulary } from '../../domain/mesh/vocabulary.js';
import { resolveQuery } from '../../domain/query/resolve.js';
import { loadMesh } from '../mesh-data.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'domain', 'query', 'fixtures');

/** PubMed's own words from an esearch answer: the query translation and each term's automatic mapping. */
function esearch(name: string): { translation: string; mappings: { from: string; to: string }[] } {
  const xml = readFileSync(join(FIXTURES, name), 'utf8');
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const translation = unescape(/<QueryTranslation>(.*?)<\/QueryTranslation>/s.exec(xml)![1]!);
  const mappings = [...xml.matchAll(/<From>(.*?)<\/From>\s*<To>(.*?)<\/To>/gs)].map((m) => ({
    from: unescape(m[1]!),
    to: unescape(m[2]!),
  }));
  return { translation, mappings };
}

/** The terms of a top-level OR list, without their grouping parentheses. */
const orTerms = (s: string) => s.split(' OR ').map((t) => t.replace(/^\(|\)$/g, '').toLowerCase());

describe("PubMed's query translations (esearch answers)", () => {
  let mesh: MeshVocabulary;
  beforeAll(async () => {
    mesh = await loadMesh();
  });

  it('runs the translations PubMed prints, with its long field names', () => {
    for (const name of ['esearch1.xml', 'esearch5.xml', 'esearch8.xml', 'esearch3.xml']) {
      const { translation } = esearch(name);
      const ours = resolveQuery(translation, { mesh });
      // our translation of PubMed's translation is PubMed's translation again (up to case and the quotes
      // PubMed leaves off some single words)
      const plain = (s: string) => s.replace(/"/g, '').toLowerCase();
      expect(plain(ours.translation), name).toBe(plain(translation.replace(/^\((.*)\)$/, '$1')));
    }
  });

  it('refuses a field Twoway does not hold, naming it', () => {
    const { translation } = esearch('esearch2.xml');
    expect(() => resolveQuery(translation, { mesh })).toThrow(/unknown field tag \[Date - Entry\]/);
  });

  it('maps "stem cells" exactly as PubMed did', () => {
    const [mapping] = esearch('esearch5.xml').mappings;
    expect(resolveQuery(mapping!.from, { mesh }).translation).toBe(mapping!.to);
  });

  it('maps "cancer" to Neoplasms as PubMed did (PubMed adds word variants Twoway does not)', () => {
    const [mapping] = esearch('esearch2.xml').mappings;
    const ours = orTerms(resolveQuery(mapping!.from, { mesh }).translation);
    expect(ours).toEqual(['"neoplasms"[mesh terms]', '"neoplasms"[all fields]', '"cancer"[all fields]']);
    const theirs = orTerms(mapping!.to);
    for (const term of ours) expect(theirs).toContain(term);
  });
});
