import { ownValue } from '../../own-keys.js';

/**
 * LaTeX as BibTeX files hold it, turned into plain Unicode: accents (`\'e`, `{\"o}`, `\c{c}`), special letters
 * (`\ss`, `\o`, `\aa`), escapes (`\&`), ligatures (`--`, `---`, ``` `` ```), text commands (`\emph{…}`),
 * simple math (`$\alpha$`), and protective braces.
 */
const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

const SYMBOLS: Record<string, string> = {
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
  dj: 'đ',
  DJ: 'Đ',
  textendash: '–',
  textemdash: '—',
  textquoteleft: '‘',
  textquoteright: '’',
  textquotedblleft: '“',
  textquotedblright: '”',
  textasciitilde: '~',
  textasciicircum: '^',
  textbackslash: '\\',
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  textregistered: '®',
  texttrademark: '™',
  copyright: '©',
  textcopyright: '©',
  S: '§',
  P: '¶',
  textdegree: '°',
  textbullet: '•',
  textperiodcentered: '·',
  pounds: '£',
  euro: '€',
  textless: '<',
  textgreater: '>',
  textbar: '|',
  textunderscore: '_',
  // textcomp's text symbols
  textquotesingle: "'",
  textquotedbl: '"',
  textdollar: '$',
  textsection: '§',
  textparagraph: '¶',
  textdagger: '†',
  textdaggerdbl: '‡',
  textonehalf: '½',
  textonequarter: '¼',
  textthreequarters: '¾',
  textonesuperior: '¹',
  texttwosuperior: '²',
  textthreesuperior: '³',
  textpm: '±',
  texttimes: '×',
  textdiv: '÷',
  textminus: '−',
  textcent: '¢',
  textsterling: '£',
  textyen: '¥',
  texteuro: '€',
  textperthousand: '‰',
  textexclamdown: '¡',
  textquestiondown: '¿',
  textordfeminine: 'ª',
  textordmasculine: 'º',
  textbraceleft: '{',
  textbraceright: '}',
  textasteriskcentered: '*',
  textnumero: '№',
  textlnot: '¬',
  textbrokenbar: '¦',
  textcelsius: '℃',
  textohm: 'Ω',
  textleftarrow: '←',
  textrightarrow: '→',
  textuparrow: '↑',
  textdownarrow: '↓',
  textservicemark: '℠',
  textopenbullet: '◦',
  textasciiacute: '´',
  textasciidieresis: '¨',
  textasciimacron: '¯',
  textasciicaron: 'ˇ',
  textasciibreve: '˘',
  guillemotleft: '«',
  guillemotright: '»',
  quad: ' ',
  qquad: ' ',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  pm: '±',
  times: '×',
  leq: '≤',
  geq: '≥',
  le: '≤',
  ge: '≥',
  neq: '≠',
  approx: '≈',
  infty: '∞',
  circ: '∘',
  cdot: '·',
  rightarrow: '→',
  leftarrow: '←',
  to: '→',
  textmu: 'µ',
  micro: 'µ',
  degree: '°',
};

/** Commands whose argument is kept as text. */
const TEXT_COMMANDS = new Set([
  'textit',
  'emph',
  'textbf',
  'textsc',
  'texttt',
  'textrm',
  'textsf',
  'textup',
  'textmd',
  'textnormal',
  'mathrm',
  'mathit',
  'mathbf',
  'mathsf',
  'mathtt',
  'mathcal',
  'text',
  'mbox',
  'hbox',
  'url',
  'uppercase',
  'lowercase',
  'NoCaseChange',
  'textsuperscript',
  'textsubscript',
  'ensuremath',
]);

const ESCAPES: Record<string, string> = {
  '&': '&',
  '%': '%',
  $: '$',
  '#': '#',
  _: '_',
  '{': '{',
  '}': '}',
  ' ': ' ',
  ',': '\u2009',
  ';': ' ',
  '!': '',
  '/': '',
  '-': '',
};

/**
 * Reads a brace group starting at `i` (which must be '{'); returns its inner text and the index after it, or
 * undefined when it does not close within `limit` characters.
 */
function braceGroup(s: string, i: number, limit = s.length): [string, number] | undefined {
  let depth = 0;
  const stop = Math.min(s.length, i + limit);
  for (let j = i; j < stop; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return [s.slice(i + 1, j), j + 1];
  }
  return stop === s.length ? [s.slice(i + 1), s.length] : undefined;
}

/** Skips the spaces after a control word (or before an argument). */
function afterSpaces(s: string, i: number): number {
  let k = i;
  while (s[k] === ' ') k++;
  return k;
}

/** One argument: a brace group (closed within `limit` characters), or a single character/command. */
function argument(s: string, i: number, limit?: number): [string, number] | undefined {
  const k = afterSpaces(s, i);
  if (s[k] === '{') return braceGroup(s, k, limit);
  if (s[k] === '\\') {
    const m = /^\\([a-zA-Z]+)/.exec(s.slice(k, k + 40));
    if (m) return [m[0], k + m[0].length];
  }
  return [s[k] ?? '', k + 1];
}

/**
 * An accent's argument is a letter or two (`\'{e}`, `\c{c}`, `\'{\i}`): one longer than this is no accent's, and
 * the command is dropped instead. The bound keeps the converter linear and its recursion shallow whatever the
 * input (accents nested 6,000 deep overflowed the stack, and each level rescanned the rest).
 */
const ACCENT_ARGUMENT_CHARS = 12;

/**
 * Converts a LaTeX-encoded BibTeX value to plain Unicode text.
 * @example latexToUnicode('Helmh{\\"o}ltz --- {DNA} \\& RNA') // 'Helmhöltz — DNA & RNA'
 */
export function latexToUnicode(input: string): string {
  if (!/[\\{}$~`'-]/.test(input)) return input;
  let out = '';
  const s = input;
  for (let i = 0; i < s.length;) {
    const c = s[i] ?? '';
    if (c === '\\') {
      const next = s[i + 1] ?? '';
      if (ACCENTS[next] && !/[a-zA-Z]/.test(next)) {
        const accented = accentOf(s, i + 2, ACCENTS[next]);
        out += accented?.[0] ?? '';
        i = accented?.[1] ?? i + 2;
        continue;
      }
      const m = /^[a-zA-Z]+/.exec(s.slice(i + 1, i + 40));
      if (m) {
        const name = m[0];
        let end = i + 1 + name.length;
        const accent = ownValue(ACCENTS, name);
        if (accent && name.length === 1) {
          const accented = accentOf(s, end, accent);
          out += accented?.[0] ?? '';
          i = accented?.[1] ?? end;
          continue;
        }
        if (name === 'href') {
          // \href{url}{text}: the url is dropped, the text read on in this loop (its braces fall away)
          i = argument(s, end)?.[1] ?? s.length;
          continue;
        }
        if (name === 'url') {
          const [url, after] = argument(s, end) ?? ['', s.length];
          out += url;
          i = after;
          continue;
        }
        if (TEXT_COMMANDS.has(name)) {
          // the argument is read on in this loop, its braces fall away: no recursion, however deep it nests
          i = afterSpaces(s, end);
          continue;
        }
        const symbol = ownValue(SYMBOLS, name);
        // a control word swallows the spaces after it, and an empty group `\ss{}`
        while (s[end] === ' ' && symbol !== undefined) end++;
        if (s.startsWith('{}', end)) end += 2;
        out += symbol ?? (s[end] === '{' ? '' : name);
        i = end;
        continue;
      }
      const escaped = ownValue(ESCAPES, next);
      out += escaped ?? next;
      i += 2;
      continue;
    }
    if (c === '{' || c === '}' || c === '$') {
      i++;
      continue;
    }
    if (c === '~') {
      out += '\u00a0';
      i++;
      continue;
    }
    if (c === '-' && s[i + 1] === '-') {
      if (s[i + 2] === '-') {
        out += '—';
        i += 3;
      } else {
        out += '–';
        i += 2;
      }
      continue;
    }
    if (c === '`' && s[i + 1] === '`') {
      out += '“';
      i += 2;
      continue;
    }
    if (c === "'" && s[i + 1] === "'") {
      out += '”';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out.normalize('NFC');
}

/** An accent on its (short) argument, and the index after it; undefined when the argument is no accent's. */
function accentOf(s: string, at: number, mark: string): [string, number] | undefined {
  const arg = argument(s, at, ACCENT_ARGUMENT_CHARS);
  if (!arg || arg[0].length > ACCENT_ARGUMENT_CHARS) return undefined;
  return [applyAccent(latexToUnicode(arg[0]), mark), arg[1]];
}

function applyAccent(base: string, mark: string): string {
  if (!base) return mark.trim();
  const letter = base === 'ı' ? 'i' : base === 'ȷ' ? 'j' : base;
  return (letter.slice(0, 1) + mark + letter.slice(1)).normalize('NFC');
}

/**
 * Escapes plain text for a BibTeX value in braces: the special characters of LaTeX become commands.
 * Unicode letters are written as they are (BibLaTeX and modern BibTeX read UTF-8).
 */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '~':
        return '\\textasciitilde{}';
      case '^':
        return '\\textasciicircum{}';
      default:
        return `\\${c}`;
    }
  });
}
