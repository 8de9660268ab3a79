import { describe, expect, it } from 'vitest';
import { TwowayError } from '../errors.js';
import type { BibRecord } from '../record/bib-record.js';
import type { ImportReport } from './import-report.js';
import { openRecordStream, readAll, type OpenOptions } from './open-stream.js';

/** Reads to the end and returns what came out, the report, and the error that stopped the stream, if any. */
async function attempt(
  content: string | Uint8Array | Uint8Array[],
  name: string,
  options: OpenOptions = {},
): Promise<{ list: BibRecord[]; report?: ImportReport; error?: TwowayError }> {
  const list: BibRecord[] = [];
  let report: ImportReport | undefined;
  try {
    const chunks = Array.isArray(content)
      ? content
      : [typeof content === 'string' ? new TextEncoder().encode(content) : content];
    const stream = await openRecordStream(chunks, name, options);
    report = stream.collector.report;
    for await (const r of stream.records) list.push(r);
    return { list, report };
  } catch (error) {
    if (!(error instanceof TwowayError)) throw error;
    return { list, ...(report ? { report } : {}), error };
  }
}

describe('bad input: a clear error or warning, never a crash or a hang', () => {
  it('a truncated RIS file keeps the last record and says the file ended inside it', async () => {
    const r = await attempt(
      'TY  - JOUR\nTI  - Complete\nER  - \n\nTY  - JOUR\nTI  - Cut off in the mid',
      'cut.ris',
    );
    expect(r.list.map((x) => x.title)).toEqual(['Complete', 'Cut off in the mid']);
    expect(r.report?.warnings).toContainEqual({
      code: 'E_FILE_TRUNCATED',
      message: expect.stringMatching(/ends inside a record/),
      line: 5,
    });
  });

  it('strict mode fails a file that ends inside a record, in every format with an end-of-record tag', async () => {
    const files = {
      'cut.ris': 'TY  - JOUR\nTI  - Complete\nER  - \n\nTY  - JOUR\nTI  - Cut off in the mid',
      'cut.txt': 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI Complete\nER\n\nPT J\nTI Cut off',
    };
    for (const [name, text] of Object.entries(files)) {
      const lenient = await attempt(text, name);
      expect(lenient.list.map((x) => x.title)).toEqual([
        'Complete',
        'Cut off in the mid'.slice(0, lenient.list[1]?.title?.length),
      ]);
      const strict = await attempt(text, name, { strict: true });
      expect(strict.error?.code, name).toBe('E_FILE_TRUNCATED');
      expect(strict.error?.file).toBe(name);
      expect(strict.error?.line).toBeGreaterThan(1);
    }
  });

  it('a truncated XML file fails with the line where it broke, after the records before it', async () => {
    const xml =
      '<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>One</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTi';
    const r = await attempt(xml, 'cut.xml');
    expect(r.list.map((x) => x.title)).toEqual(['One']);
    expect(r.error?.code).toMatch(/E_FILE_TRUNCATED|E_XML_INVALID/);
    expect(r.error?.line).toBe(4);
  });

  it('invalid XML names the line', async () => {
    const r = await attempt(
      '<?xml version="1.0"?>\n<xml><records>\n<record><titles><title>x</titel></titles></record>\n</records></xml>',
      'bad.xml',
    );
    expect(r.error?.code).toBe('E_XML_INVALID');
    expect(r.error?.line).toBe(3);
    expect(r.error?.message).toMatch(/not well formed/);
  });

  it('a 2 MB line of broken XML stops at its first error, at once (the fuzzer found seconds of one error a character)', async () => {
    const broken = `<ArticleTitle ${'x<'.repeat(1_000_000)}>`;
    const xml = `<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>One</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><PMID>2</PMID><Article>${broken}</Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>`;
    const started = performance.now();
    const r = await attempt(xml, 'broken-line.xml');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.list.map((x) => x.title)).toEqual(['One']);
    expect(r.error).toMatchObject({ code: 'E_XML_INVALID', line: 4 });
  });

  it('binary junk is refused as binary', async () => {
    const junk = new Uint8Array(20000).map((_, i) => (i * 2654435761) >>> 24);
    const r = await attempt(junk, 'photo.ris');
    expect(r.error?.code).toBe('E_BINARY');
    expect(r.error?.file).toBe('photo.ris');
  });

  it('NUL bytes inside a text file are refused, not read as text', async () => {
    const text = new TextEncoder().encode(
      'TY  - JOUR\nTI  - A\u0000\u0000\u0000\u0000 title\nER  - \n'.repeat(5),
    );
    const r = await attempt(text, 'nul.ris');
    expect(r.error?.code).toBe('E_BINARY');
  });

  it('a few NUL bytes in a value are taken out and reported with line and column, or fail the file when strict', async () => {
    // 40 clean records first: a short file with this share of NUL bytes is binary (E_BINARY, above)
    const clean = 'TY  - JOUR\nTI  - Clean\nER  - \n\n'.repeat(40);
    const text = `${clean}TY  - JOUR\nTI  - First\nER  - \n\nTY  - JOUR\nTI  - Sec\u0000ond\u0000\nER  - \n`;
    const r = await attempt(text, 'nul.ris');
    expect(r.list.slice(40).map((x) => x.title)).toEqual(['First', 'Second']);
    expect(r.report?.warnings).toContainEqual({
      code: 'E_ENCODING',
      message: expect.stringMatching(
        /^2 NUL character\(s\).*taken out.*\(at line 166 column 10, line 166 column 14\)$/,
      ),
      line: 166,
    });
    const strict = await attempt(text, 'nul.ris', { strict: true });
    expect(strict.list).toEqual([]);
    expect(strict.error?.code).toBe('E_ENCODING');
    expect(strict.error?.line).toBe(166);
    // in a later chunk: the records of the chunks before are read, the file still fails
    const big = 'TY  - JOUR\nTI  - Clean\nER  - \n\n'.repeat(12000);
    const late = await attempt([new TextEncoder().encode(big), new TextEncoder().encode(text)], 'late.ris', {
      strict: true,
    });
    expect(late.error?.code).toBe('E_ENCODING');
    expect(late.error?.line).toBe(12000 * 4 + 166);
  });

  it('deep nesting never overflows the stack: LaTeX, XML, JSON Lines and CSL-JSON', async () => {
    const n = 6000;
    const bib = await attempt(
      `@article{a, title = {${'\\textit{'.repeat(n)}Deep${'}'.repeat(n)} and ${"\\'{".repeat(n)}e${'}'.repeat(n)}}, year = 2000}\n@article{b, title = {Caf\\'{e} \\emph{bold}}}\n`,
      'deep.bib',
    );
    expect(bib.error).toBeUndefined();
    expect(bib.list[0]?.title?.normalize('NFD')).toMatch(/^Deep and e/); // the innermost accents, within an accent's reach, apply
    expect(bib.list[1]?.title).toBe('Café bold');
    const d = 100_000;
    const xml = await attempt(
      `<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>${'<i>'.repeat(d)}Deep${'</i>'.repeat(d)} title</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>Next</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>`,
      'deep.xml',
    );
    expect(xml.list.map((r) => r.title)).toEqual(['Deep title', 'Next']);
    expect(xml.report?.warnings).toContainEqual({
      code: 'E_RECORD_MALFORMED',
      message: expect.stringMatching(
        /nest more than 64 deep inside <PubmedArticle>; the deeper ones were read as text/,
      ),
      line: 3,
    });
    const j = 50_000;
    const lines = await attempt(
      `{"v":1,"type":"article","title":"Deep","extra":{"x":[${'['.repeat(j)}"1"${']'.repeat(j)}]}}\n{"v":1,"type":"article","title":"Fine"}\n`,
      'deep.jsonl',
    );
    expect(lines.list.map((r) => r.title)).toEqual(['Fine']);
    expect(lines.report?.warnings[0]).toMatchObject({ code: 'E_RECORD_MALFORMED', line: 1 });
    const csl = await attempt(
      `[\n{"type":"article","title":"a"},\n{"type":"article","title":"b","note":${'{"a":'.repeat(j)}1${'}'.repeat(j)}}]`,
      'deep.json',
    );
    expect(csl.error).toMatchObject({ code: 'E_JSON_INVALID', line: 3 });
    // a string full of brackets is no nesting
    const quoted = await attempt(`[{"type":"article","title":"${'[{'.repeat(j)} \\" ]"}]`, 'quoted.json');
    expect(quoted.list).toHaveLength(1);
  });

  it('RIS records without TY lines are RIS (not MEDLINE), read whole, also after a typed record', async () => {
    const untyped = (title: string, n: number) =>
      `TI  - ${title}\nAU  - Banda, J.\nPY  - 201${n}\nJO  - Globalization and Health\nVL  - ${n}\nSP  - 12\nEP  - 19\nDO  - 10.1186/x-${n}\nER  - \n`;
    for (const text of [
      `${untyped('First', 1)}\n${untyped('Second', 2)}`,
      `TY  - JOUR\nTI  - Typed\nER  - \n\n${untyped('After a typed one', 3)}`,
    ]) {
      const r = await attempt(text, 'export.txt');
      expect(r.report?.format).toBe('ris');
      const last = r.list[r.list.length - 1]!;
      expect(r.list).toHaveLength(2);
      expect(last).toMatchObject({
        type: 'generic',
        journal: { title: 'Globalization and Health' },
        pages: '12-19',
        doi: expect.stringMatching(/^10\.1186\/x-\d$/),
        date: { year: expect.any(Number) },
      });
      expect(last.extra).toBeUndefined();
      expect(r.report?.warnings).toContainEqual(
        expect.objectContaining({ message: expect.stringMatching(/record starts with TI, not TY/) }),
      );
    }
  });

  it('Web of Science / BIOSIS: continuation lines without their indent, several authors on one line, PS pages', async () => {
    const text = [
      'FN Clarivate Analytics Web of Science',
      'VR 1.0',
      'PT J',
      'AU Syed, SB; Dadwal, V',
      'TI Developed-developing country partnerships: benefits to',
      'developed countries?',
      'SO GLOBALIZATION AND HEALTH',
      'AB Partnerships between hospitals bring benefits both ways.',
      'HIV services were studied too.',
      'PY 2012',
      'VL 8',
      'PS 17-28',
      'ER',
      '',
      'EF',
    ].join('\n');
    const r = await attempt(text, 'savedrecs.txt');
    expect(r.report?.format).toBe('wos');
    expect(r.list).toHaveLength(1);
    expect(r.list[0]).toMatchObject({
      title: 'Developed-developing country partnerships: benefits to developed countries?',
      abstract: 'Partnerships between hospitals bring benefits both ways. HIV services were studied too.',
      authors: [{ family: 'Syed' }, { family: 'Dadwal' }],
      pages: '17-28',
    });
    expect(r.report?.warnings).toEqual([]);
  });

  it('a file with the wrong extension is read by its content', async () => {
    const r = await attempt('PMID- 1\nTI  - Real MEDLINE in a .bib\n', 'mislabelled.bib');
    expect(r.report?.format).toBe('medline');
    expect(r.list[0]?.title).toBe('Real MEDLINE in a .bib');
  });

  it('a file in no known format lists the formats Twoway reads', async () => {
    const r = await attempt('Dear reviewer,\nplease find attached\n', 'letter.txt');
    expect(r.error?.code).toBe('E_FORMAT_UNKNOWN');
    expect(r.error?.message).toMatch(/ris .*medline .*bibtex/s);
  });

  it('--from a format the content plainly is not is refused', async () => {
    const r = await attempt('TY  - JOUR\nTI  - x\nER  - \n', 'x.ris', { from: 'medline' });
    expect(r.list).toEqual([]);
    expect(r.error).toMatchObject({
      code: 'E_FORMAT_MISMATCH',
      message: '--from medline was given, but the content is ris',
    });
  });

  it('--from csv reads a table whose columns Twoway does not know, keeping them in extra', async () => {
    const r = await attempt('col a;col b\nx;y\n', 'x.txt', { from: 'csv', columnMap: { 'col a': 'title' } });
    expect(r.list).toEqual([{ v: 1, type: 'generic', title: 'x', extra: { 'col b': ['y'] } }]);
  });

  it('an unterminated BibTeX brace skips that entry and resynchronises at the next one', async () => {
    const bib =
      '@article{good1, title={Fine}}\n@article{broken, title={Never closed\n\n@article{good2, title={Also fine}}\n';
    const lenient = await attempt(bib, 'x.bib');
    expect(lenient.list.map((x) => x.title)).toEqual(['Fine', 'Also fine']);
    expect(lenient.report?.warnings[0]).toMatchObject({ code: 'E_FILE_TRUNCATED', line: 2 });
    const strict = await attempt(bib, 'x.bib', { strict: true });
    expect(strict.error).toMatchObject({ code: 'E_FILE_TRUNCATED', line: 2 });
  });

  it('an unterminated BibTeX brace at the end of a huge entry stops at the size limit', async () => {
    const bib = `@article{big, title={${'x'.repeat(2 * 1024 * 1024)}\n`;
    const r = await attempt(bib, 'big.bib');
    expect(r.list).toEqual([]);
    expect(r.report?.warnings[0]?.code).toBe('E_ENTRY_TOO_LARGE');
  });

  it('a 50 MB line is skipped with E_LINE_TOO_LONG, the records around it survive', async () => {
    const encoder = new TextEncoder();
    const mb = encoder.encode('x'.repeat(1024 * 1024));
    const chunks = [
      encoder.encode('TY  - JOUR\nTI  - Before\nER  - \n'),
      ...Array(50).fill(mb),
      encoder.encode('\nTY  - JOUR\nTI  - After\nER  - \n'),
    ];
    const r = await attempt(chunks, 'long.ris');
    expect(r.list.map((x) => x.title)).toEqual(['Before', 'After']);
    expect(r.report?.warnings).toContainEqual({
      code: 'E_LINE_TOO_LONG',
      message: expect.any(String),
      line: 4,
    });
    const strict = await attempt(chunks, 'long.ris', { strict: true });
    expect(strict.error?.code).toBe('E_LINE_TOO_LONG');
  });

  it('a record without title, abstract or DOI is skipped (lenient) or fails the file (strict)', async () => {
    const text = 'TY  - JOUR\nAU  - Nobody\nER  - \n\nTY  - JOUR\nTI  - Good\nER  - \n';
    const lenient = await attempt(text, 'x.ris');
    expect(lenient.list.map((x) => x.title)).toEqual(['Good']);
    expect(lenient.report).toMatchObject({ recordsRead: 1, recordsSkipped: 1 });
    const strict = await attempt(text, 'x.ris', { strict: true });
    expect(strict.error).toMatchObject({ code: 'E_RECORD_MALFORMED', line: 1, file: 'x.ris' });
  });

  it('malformed CSV (an unclosed quote) fails with its line', async () => {
    const r = await attempt('title,abstract\n"ok",fine\n"unclosed,oops\n', 'x.csv');
    expect(r.list).toHaveLength(1);
    expect(r.error?.code).toBe('E_CSV_INVALID');
  });

  it('invalid JSON Lines are reported by line', async () => {
    const r = await attempt('{"v":1,"type":"article","title":"A"}\n{"v":1,"type":\n{"v":2}\n', 'x.jsonl');
    expect(r.list.map((x) => x.title)).toEqual(['A']);
    expect(r.report?.warnings.map((w) => `${w.code}@${w.line}`)).toEqual([
      'E_JSON_INVALID@2',
      'E_RECORD_MALFORMED@3',
    ]);
  });

  it('bytes invalid in the file’s encoding are replaced and reported with their line and column', async () => {
    // 8,000 valid UTF-8 records first (past the encoding detection sample), then one with a stray Latin-1 byte
    const good = Array.from({ length: 8000 }, (_, i) => `TY  - JOUR\nTI  - Record ${i} café\nER  - \n`).join(
      '\n',
    );
    const head = new TextEncoder().encode(`${good}\nTY  - JOUR\nTI  - Caf`);
    const bytes = new Uint8Array([...head, 0xe9, ...new TextEncoder().encode(' in Geneva\nER  - \n')]);
    const line = good.split('\n').length + 2;
    const r = await attempt(bytes, 'stray-byte.ris');
    expect(r.list).toHaveLength(8001);
    expect(r.list[8000]?.title).toMatch(/^Caf. in Geneva$/);
    expect(r.report?.encoding).toBe('utf-8');
    expect(r.report?.warnings).toContainEqual({
      code: 'E_ENCODING',
      message: `1 byte sequence(s) were invalid in utf-8 and replaced with U+FFFD (at line ${line} column 10)`,
      line,
    });
  });

  it('hostile text stays text', async () => {
    const { list } = await readAll('TY  - JOUR\nTI  - <script>alert(1)</script>\nER  - \n', 'x.ris');
    expect(list[0]?.title).toBe('<script>alert(1)</script>');
  });

  it('an empty file reads as no records', async () => {
    const r = await attempt('', 'empty.ris');
    expect(r.list).toEqual([]);
    expect(r.error).toBeUndefined();
  });

  it('a BibTeX @string macro bomb is refused with its line, and the entries after it are read', async () => {
    // seven levels of ten-fold macros: 565 bytes that expanded to 10^8 characters (one more level: a crash)
    const levels = ['@string{a0 = "xxxxxxxxxx"}'];
    for (let i = 1; i <= 8; i++)
      levels.push(
        `@string{a${i} = ${Array(10)
          .fill(`a${i - 1}`)
          .join(' # ')}}`,
      );
    const bomb = `${levels.join('\n')}\n@article{bomb, title = a8}\n@article{ok, title = {Still read}}\n`;
    const started = performance.now();
    const r = await attempt(bomb, 'bomb.bib');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.error).toBeUndefined();
    expect(r.list.map((x) => x.title)).toContain('Still read');
    expect(r.list.every((x) => (x.title ?? '').length <= 1024 * 1024)).toBe(true);
    expect(r.report!.warnings).toContainEqual({
      code: 'E_ENTRY_TOO_LARGE',
      message:
        '@string{a6} expands to more than 1048576 characters (macros within macros); it is not defined',
      line: 7,
    });
    const strict = await attempt(bomb, 'bomb.bib', { strict: true });
    expect(strict.error).toMatchObject({ code: 'E_ENTRY_TOO_LARGE', line: 7 });
  });
});
