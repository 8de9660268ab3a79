import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TwowayError } from '../errors.js';
import { decodeChunks, detectEncoding, type DecodeReport } from './decode.js';
import { repairMojibake, type Repair } from './mojibake.js';
import { counted, noun } from './counted.js';

async function decodeAll(bytes: Uint8Array, chunkSize = 7): Promise<{ text: string; report: DecodeReport }> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const report: DecodeReport = { replacements: 0 };
  let text = '';
  for await (const t of decodeChunks(chunks, report)) text += t;
  return { text, report };
}

const SAMPLE = 'TY  - JOUR\nTI  - Santé publique à Genève: “quotes” — naïve café\nER  - \n';

describe('encoding detection and decoding', () => {
  it('reads UTF-8 with and without BOM, across chunk borders inside characters', async () => {
    const plain = new TextEncoder().encode(SAMPLE);
    expect((await decodeAll(plain)).text).toBe(SAMPLE);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    const r = await decodeAll(bom, 3);
    expect(r.text).toBe(SAMPLE);
    expect(r.report.detected).toMatchObject({ encoding: 'utf-8', bom: true });
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads %s with a BOM and without one', async (enc) => {
    const body = iconv.encode(SAMPLE, enc);
    const withBom = iconv.encode(SAMPLE, enc, { addBOM: true });
    const a = await decodeAll(new Uint8Array(withBom));
    expect(a.text).toBe(SAMPLE);
    expect(a.report.detected).toMatchObject({ encoding: enc, bom: true });
    const b = await decodeAll(new Uint8Array(body));
    expect(b.text).toBe(SAMPLE);
    expect(b.report.detected).toMatchObject({ encoding: enc, bom: false });
  });

  it('falls back to Windows-1252 for Western legacy files', async () => {
    const text = 'TI  - Santé publique à Genève – “smart quotes” naïve\nAB  - Ærø, Ñandú, œuvre, €5\n'.repeat(
      20,
    );
    const r = await decodeAll(new Uint8Array(iconv.encode(text, 'windows-1252')));
    expect(r.report.detected?.encoding).toBe('windows-1252');
    expect(r.text).toBe(text);
  });

  it('reads Latin-1 when the bytes use positions Windows-1252 leaves undefined', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('TI  - caf'), 0xe9, 0x81, 0x0a]);
    expect(detectEncoding(bytes, true).encoding).toBe('latin1');
  });

  it.each([
    [
      'gb18030',
      '发展中国家与发达国家的伙伴关系：对发达国家的益处。全球卫生合作促进了医院之间的经验交流和相互学习。',
    ],
    [
      'big5',
      '開發中國家與已開發國家的夥伴關係：對已開發國家的益處。全球衛生合作促進了醫院之間的經驗交流和相互學習。',
    ],
    [
      'shift_jis',
      '先進国と途上国のパートナーシップ：先進国にとっての利点。国際協力は病院間の経験の交換と相互学習を促進します。',
    ],
  ] as const)('detects %s for CJK text that is not UTF-8', async (enc, title) => {
    const text = `TY  - JOUR\nTI  - ${title}\nAB  - ${title.repeat(4)}\nER  - \n`;
    const r = await decodeAll(new Uint8Array(iconv.encode(text, enc === 'shift_jis' ? 'shiftjis' : enc)), 64);
    expect(r.report.detected?.encoding).toBe(enc);
    expect(r.text).toBe(text);
  });

  it('refuses binary data', () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(() => detectEncoding(junk)).toThrow(TwowayError);
    try {
      detectEncoding(junk);
    } catch (e) {
      expect((e as TwowayError).code).toBe('E_BINARY');
    }
  });

  it('counts bytes that are invalid after the detection sample', async () => {
    const head = new TextEncoder().encode('x'.repeat(300 * 1024));
    const bytes = new Uint8Array([...head, 0xff, 0x41]);
    const r = await decodeAll(bytes, 64 * 1024);
    expect(r.report.replacements).toBe(1);
  });

  /** 40,000 ASCII lines (past the detection sample) with the byte 0xFF put at these places (1-based). */
  function linesWithInvalidBytes(eol: string, places: { line: number; column: number }[]): Uint8Array {
    const lines = Array.from({ length: 40_000 }, (_, i) => `record line ${String(i + 1).padStart(5, '0')}`);
    const bytes = new TextEncoder().encode(lines.join(eol) + eol);
    const lineStart = (line: number) =>
      lines.slice(0, line - 1).reduce((n, l) => n + l.length + eol.length, 0);
    for (const p of places) bytes[lineStart(p.line) + p.column - 1] = 0xff;
    return bytes;
  }

  it('says where the invalid bytes were, line and column, with LF, CRLF or CR line ends and any chunk size', async () => {
    const places = [
      { line: 20_000, column: 1 },
      { line: 20_000, column: 8 },
      { line: 31_415, column: 17 },
    ];
    for (const eol of ['\n', '\r\n', '\r'])
      for (const chunkSize of [7, 4096, 1 << 20]) {
        const r = await decodeAll(linesWithInvalidBytes(eol, places), chunkSize);
        expect(r.report.replacements).toBe(3);
        expect(r.report.replacementPlaces, `${JSON.stringify(eol)} in chunks of ${chunkSize}`).toEqual(
          places,
        );
      }
  });

  it('keeps the first five places and counts every replaced byte', async () => {
    const places = Array.from({ length: 8 }, (_, i) => ({ line: 30_000 + i * 10, column: 3 }));
    // in chunks of 7 bytes the bytes after the fifth come in later chunks, when only the count goes on
    for (const chunkSize of [7, 4096]) {
      const r = await decodeAll(linesWithInvalidBytes('\n', places), chunkSize);
      expect(r.report.replacements).toBe(8);
      expect(r.report.replacementPlaces).toEqual(places.slice(0, 5));
    }
  });

  it('gives the column in a file that is one long line', async () => {
    const bytes = new TextEncoder().encode(`<xml>${'a'.repeat(300_000)}x</xml>`);
    bytes[5 + 300_000] = 0xff;
    const r = await decodeAll(bytes, 65_536);
    expect(r.report.replacementPlaces).toEqual([{ line: 1, column: 300_006 }]);
  });
});

describe('mojibake repair', () => {
  const fix = (s: string): { text: string; repairs: Repair[] } => {
    const repairs: Repair[] = [];
    return { text: repairMojibake(s, repairs), repairs };
  };

  it('repairs GBK punctuation read as Latin-1, as in the seed record', () => {
    const r = fix('the term ¡®global health¡¯ and ¡°rich countries¡± ¡ª termed');
    expect(r.text).toBe('the term ‘global health’ and “rich countries” — termed');
    expect(r.repairs.map((x) => x.kind)).toEqual(Array(5).fill('gbk-as-latin1'));
  });

  it('restores the ellipsis whose soft-hyphen trail byte was lost, only with GBK evidence', () => {
    expect(fix('¡°poorer ones¡combining the learning¡±').text).toBe('“poorer ones…combining the learning”');
    expect(fix('poorer ones¡combining').text).toBe('poorer ones¡combining');
  });

  it('repairs UTF-8 read as Windows-1252', () => {
    const r = fix('Gen\u00c3\u00a8ve â€œquotedâ€\u009d â€” naÃ¯ve cafÃ©');
    expect(r.text).toBe('Genève “quoted” — naïve café');
    expect(r.repairs.every((x) => x.kind === 'utf8-as-cp1252')).toBe(true);
  });

  it.each([
    '¡Hola! ¿Qué tal?',
    'café naïve Ångström Ærø',
    'Müller & Søn — “fine”',
    '100 °C ± 5',
    'plain ASCII',
  ])('leaves clean text alone: %s', (s) => {
    const r = fix(s);
    expect(r.text).toBe(s);
    expect(r.repairs).toEqual([]);
  });
});

describe('mojibake repair is certain or not made', () => {
  const repaired = (text: string) => {
    const repairs: Repair[] = [];
    return { text: repairMojibake(text, repairs), repairs };
  };

  it('leaves Mac Roman text read as Windows-1252 alone (its byte pairs are UTF-8 of other scripts by chance)', () => {
    // "’é" in Mac Roman is D5 8E: valid UTF-8 for the Armenian Վ, which the repair used to make of it
    const mac = iconv.decode(iconv.encode('l’été à Genève — “Süß” Ærø', 'macintosh'), 'windows-1252');
    expect(repaired(mac)).toEqual({ text: mac, repairs: [] });
  });

  it('still repairs UTF-8 read as Windows-1252: Latin, Greek letters alone, other scripts as words', () => {
    const asCp1252 = (s: string) => iconv.decode(Buffer.from(s, 'utf8'), 'windows-1252');
    for (const original of ['Café ‘quoted’ über', 'α-synuclein and β cells', 'привет мир', 'Ελληνικά'])
      expect(repaired(asCp1252(original)).text).toBe(original);
  });
});

describe('counted', () => {
  it('says one in the singular and every other number in the plural', () => {
    expect(counted(1, 'record')).toBe('1 record');
    expect(counted(0, 'record')).toBe('0 records');
    expect(counted(2, 'mojibake repair')).toBe('2 mojibake repairs');
    expect(counted(1, 'search', 'searches')).toBe('1 search');
    expect(counted(5, 'search', 'searches')).toBe('5 searches');
    expect(noun(1, 'record')).toBe('record');
    expect(noun(0, 'search', 'searches')).toBe('searches');
  });
});
