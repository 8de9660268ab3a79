import iconv from 'iconv-lite';

/**
 * Mojibake is text encoded in one code page and decoded as another. Twoway repairs the two kinds seen in
 * bibliographic exports, only where the evidence is clear, and reports every repair:
 * - `utf8-as-cp1252`: UTF-8 bytes read as Windows-1252/Latin-1 ("Ã©" → "é", "â€™" → "’");
 * - `gbk-as-latin1`: GBK/GB18030 punctuation read as Latin-1 ("¡®" → "‘", "¡°" → "“", "¡ª" → "—"),
 *   as in EndNote records exported on Chinese Windows;
 * - `gbk-lost-trail`: a lone "¡" inside a word in text that already showed GBK mojibake: the trail byte 0xAD
 *   (a soft hyphen, invisible and often stripped) was lost, so "¡" stands for "…" (GBK A1 AD).
 */
export type RepairKind = 'utf8-as-cp1252' | 'gbk-as-latin1' | 'gbk-lost-trail';

export interface Repair {
  kind: RepairKind;
  from: string;
  to: string;
}

// Windows-1252 maps these code points to bytes 0x80–0x9F.
const CP1252_HIGH: Record<string, number> = {
  '\u20ac': 0x80,
  '\u201a': 0x82,
  '\u0192': 0x83,
  '\u201e': 0x84,
  '\u2026': 0x85,
  '\u2020': 0x86,
  '\u2021': 0x87,
  '\u02c6': 0x88,
  '\u2030': 0x89,
  '\u0160': 0x8a,
  '\u2039': 0x8b,
  '\u0152': 0x8c,
  '\u017d': 0x8e,
  '\u2018': 0x91,
  '\u2019': 0x92,
  '\u201c': 0x93,
  '\u201d': 0x94,
  '\u2022': 0x95,
  '\u2013': 0x96,
  '\u2014': 0x97,
  '\u02dc': 0x98,
  '\u2122': 0x99,
  '\u0161': 0x9a,
  '\u203a': 0x9b,
  '\u0153': 0x9c,
  '\u017e': 0x9e,
  '\u0178': 0x9f,
};
const CP1252_TRAIL_CLASS = `\\u0080-\\u00bf${Object.keys(CP1252_HIGH)
  .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('')}`;
/** A UTF-8 lead byte read as Latin-1 (Â–ô) followed by one to three continuation bytes read as Windows-1252. */
const UTF8_AS_CP1252 = new RegExp(`[\\u00c2-\\u00f4][${CP1252_TRAIL_CLASS}]{1,3}`, 'g');
/** GBK symbol rows A1–A9 followed by a trail byte A1–FE, read as Latin-1. */
const GBK_SYMBOL_PAIRS = /(?:[\u00a1-\u00a9][\u00a1-\u00fe])+/g;
const HINT = /[\u00a1-\u00ff]/;
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

function cp1252Byte(ch: string): number | undefined {
  const code = ch.charCodeAt(0);
  if (code <= 0xff) return code;
  return CP1252_HIGH[ch];
}

function expectedUtf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return 4;
}

/**
 * The characters a lone repair may give: Latin letters, Greek (α, β in scientific titles), punctuation,
 * currency, letter-like and math symbols.
 */
function commonRepair(fixed: string): boolean {
  const c = fixed.codePointAt(0) ?? 0;
  return c <= 0x024f || (c >= 0x0370 && c <= 0x03ff) || (c >= 0x2000 && c <= 0x22ff);
}

/**
 * UTF-8 read as Windows-1252, repaired only where the round trip is certain: the bytes are valid UTF-8, and the
 * character they give is a Latin letter or a common symbol — or, in another script, one of a run of such repairs
 * side by side (a Cyrillic or Greek word). Text in another code page read as Windows-1252 makes such pairs by
 * chance (Mac Roman's "’é" is the bytes D5 8E, valid UTF-8 for an Armenian letter): those are left as they are.
 */
function repairUtf8AsCp1252(text: string, repairs: Repair[]): string {
  const found: { at: number; end: number; from: string; to: string; rest: string }[] = [];
  for (const m of text.matchAll(UTF8_AS_CP1252)) {
    const run = m[0];
    const bytes = Array.from(run, (c) => cp1252Byte(c) ?? 0);
    const need = expectedUtf8Length(bytes[0] ?? 0);
    if (bytes.length < need) continue;
    try {
      const to = UTF8_DECODER.decode(new Uint8Array(bytes.slice(0, need)));
      found.push({
        at: m.index,
        end: m.index + run.length,
        from: run.slice(0, need),
        to,
        rest: run.slice(need),
      });
    } catch {
      // not UTF-8: no repair
    }
  }
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    const besideAnother =
      (i > 0 && found[i - 1]!.end === f.at && !found[i - 1]!.rest) ||
      (i + 1 < found.length && found[i + 1]!.at === f.end && !f.rest);
    if (!commonRepair(f.to) && !besideAnother) continue;
    out += text.slice(at, f.at) + f.to + f.rest;
    at = f.end;
    repairs.push({ kind: 'utf8-as-cp1252', from: f.from, to: f.to });
  }
  return out + text.slice(at);
}

/** Punctuation and symbols that GBK rows A1–A9 hold: quotes, dashes, ellipsis, CJK and full-width marks. */
function isGbkSymbol(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x2010 && c <= 0x2312) ||
    (c >= 0x2460 && c <= 0x254b) ||
    (c >= 0x25a0 && c <= 0x2642) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xff01 && c <= 0xffe5) ||
    c === 0xb7 ||
    c === 0xa4 ||
    c === 0xa7 ||
    c === 0xa8 ||
    c === 0xb0 ||
    c === 0xb1 ||
    c === 0xd7 ||
    c === 0xf7
  );
}

function repairGbkAsLatin1(text: string, repairs: Repair[]): string {
  return text.replace(GBK_SYMBOL_PAIRS, (run) => {
    const decoded = iconv.decode(Buffer.from(run, 'latin1'), 'gbk');
    if (decoded.length * 2 !== run.length || !Array.from(decoded).every(isGbkSymbol)) return run;
    for (let i = 0; i < decoded.length; i++)
      repairs.push({ kind: 'gbk-as-latin1', from: run.slice(i * 2, i * 2 + 2), to: decoded[i] ?? '' });
    return decoded;
  });
}

function repairGbkLostTrail(text: string, repairs: Repair[]): string {
  return text.replace(/(?<=[\p{L}\p{N}.,;:!?)\]])\u00a1(?=[\p{L}\p{N}\s])/gu, () => {
    repairs.push({ kind: 'gbk-lost-trail', from: '\u00a1', to: '\u2026' });
    return '\u2026';
  });
}

/**
 * Repairs mojibake in one text value and appends what it changed to `repairs`.
 * Text without characters in U+00A1–U+00FF comes back untouched at once.
 * @example repairMojibake('the term ¡®global health¡¯', []) // 'the term ‘global health’'
 */
export function repairMojibake(text: string, repairs: Repair[]): string {
  if (!HINT.test(text)) return text;
  let out = repairUtf8AsCp1252(text, repairs);
  const before = repairs.length;
  out = repairGbkAsLatin1(out, repairs);
  const sawGbk = repairs.slice(before).some((r) => r.kind === 'gbk-as-latin1');
  if (sawGbk) out = repairGbkLostTrail(out, repairs);
  return out;
}
