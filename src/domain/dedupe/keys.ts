import type { BibRecord } from '../record/bib-record.js';

/** The normalised values deduplication compares; computed once a record. */
export interface DedupeKeys {
  doi?: string;
  pmid?: string;
  pmcid?: string;
  /** Title folded: lower case, no diacritics, no markup, no punctuation, no "[Article in Chinese]"-like notes. */
  title: string;
  /** The first 40 characters of the folded title, for blocking. */
  titlePrefix: string;
  /**
   * The title a trailing bracket gives (a translated title: "Working in the crowd [Arbeiten in der Crowd]"),
   * folded; compared as the record's title too.
   */
  otherTitle?: string;
  /**
   * What a notice concerns: its title without the lead that makes it one ("Erratum to: How do …" → "how do …"),
   * folded; compared as the record's title too, so that the notice and its paper meet in the review queue.
   */
  noticeSubject?: string;
  /** Marks errata, corrections, retractions, comments and replies: never merged with the paper they concern. */
  notice: boolean;
  /** A conference abstract or proceedings paper, as opposed to a journal article. */
  conference: boolean;
  year?: number;
  firstAuthor?: string;
  /** Every word of the first author's name (family and given, initials and placeholders left out). */
  firstAuthorWords?: string[];
  /** The second author's family name (last word), for author lists one source gives in another order. */
  secondAuthor?: string;
  /** The family names (last word) of the first three authors, when there are two or more. */
  leadAuthors?: string[];
  journal?: string;
  volume?: string;
  issue?: string;
  firstPage?: string;
  /** First and last page ("2796-2807"), when the record gives both. */
  pageRange?: string;
  language?: string;
}

/** Placeholders exports write where they have no value ("UNKNOWN", "n/a", "-"). */
const JUNK = /^(unknown|n\/?a|none|null|-+|\?+|0)$/i;

/**
 * A volume or issue as compared: its first number ("10411 LNCS" → "10411", "Pt 3" → "3", "5 Suppl 2" → "5");
 * one with no number at all ("UNKNOWN", "(Jul)", "Ph.D.") is a placeholder, as good as none.
 */
function bibliographicNumber(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t || JUNK.test(t)) return undefined;
  const number = /\d+/.exec(t);
  return number ? number[0].replace(/^0+(?=\d)/, '') : undefined;
}

/** "2796-2807" from "2796 -- 2807" or "pp. 2796–2807"; undefined for a single page or an article number. */
function pageRangeOf(pages: string | undefined): string | undefined {
  // a page range is short: the pattern backtracks quadratically over a long run of digits and spaces
  const m = pages && pages.length <= 100 ? /(\d+)\s*[-–—]+\s*(\d+)/.exec(pages) : null;
  if (!m) return undefined;
  const [first, last] = [m[1]!, m[2]!];
  // "1746-1746" is one page; "1746-52" is 1746-1752
  const full = last.length < first.length ? first.slice(0, first.length - last.length) + last : last;
  return full === first ? undefined : `${first}-${full}`;
}

/** A name's words as compared: "?" from a broken transliteration dropped ("Bu?lova" → "bulova"). */
function nameWords(text: string | undefined): string[] {
  return foldText(text?.replace(/(\p{L})\?(?=\p{L})/gu, '$1'))
    .split(' ')
    .filter((w) => w.length > 1 && w !== 'null' && w !== 'unknown');
}

const BRACKETED = /^(.*\S)\s*\[([^\]]{20,})\]\s*\.?$/;

const NOTICE =
  /^(erratum|errata|correction|corrigendum|retraction|retracted|expression of concern|comment on|reply|response to|author reply|in reply)\b/;
/** A notice's lead before the title it concerns ("erratum to", "correction", "comment on", "reply to"). */
const NOTICE_LEAD =
  /^(?:erratum|errata|correction|corrigendum|retraction(?: note)?|retracted|expression of concern|comment|reply|response|author reply|in reply)(?: (?:to|on|of|for|regarding))?(?: (?:the )?(?:article|paper))? /;
const TRANSLATION_NOTE = /\[(article in [a-z]+|[a-z]+ translation|[a-z]{3,})\]\s*\.?$/i;

/**
 * Folds text for comparison: NFKD without marks, lower case, tags and punctuation removed, spaces squeezed.
 * @example foldText('Déjà-vu: <i>A</i> Study [Article in French].') // 'deja vu a study'
 */
export function foldText(text: string | undefined): string {
  if (!text) return '';
  return (
    text
      .replace(/<[^>]+>/g, ' ')
      .replace(TRANSLATION_NOTE, '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&amp;/g, 'and')
      // "…" spelled out by an export that wrote characters by their Unicode names
      .replace(/\bhorizontal ellipsis\b/g, ' ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** The family names (last word) of a record's first three authors. */
function leadAuthors(r: BibRecord): string[] {
  return (r.authors ?? [])
    .slice(0, 3)
    .map((a) => nameWords(a.family ?? a.literal).pop())
    .filter((n): n is string => Boolean(n));
}

/** A volume as compared; one that only repeats the year ("2016" in a 2016 record) is a placeholder. */
function volumeOf(r: BibRecord): string | undefined {
  const volume = bibliographicNumber(r.volume);
  return volume && r.date?.year !== undefined && volume === String(r.date.year) ? undefined : volume;
}

export function dedupeKeys(r: BibRecord): DedupeKeys {
  // "English title [Original title]": the record is known by both
  // (a title of thousands of characters is no title with a translation: the pattern would backtrack over it)
  const bracketed = (r.title?.length ?? 0) <= 2000 ? BRACKETED.exec(r.title ?? '') : null;
  const title = foldText(bracketed ? bracketed[1] : r.title);
  const otherTitle = bracketed ? foldText(bracketed[2]) : undefined;
  const noticeSubject = NOTICE_LEAD.test(title) ? title.replace(NOTICE_LEAD, '') : undefined;
  const first = r.authors?.[0];
  const second = r.authors?.[1];
  const types = (r.publicationTypes ?? []).join(' ').toLowerCase();
  return {
    ...(r.doi ? { doi: r.doi } : {}),
    ...(r.pmid ? { pmid: r.pmid } : {}),
    ...(r.pmcid ? { pmcid: r.pmcid } : {}),
    title,
    titlePrefix: title.slice(0, 40),
    ...(otherTitle ? { otherTitle } : {}),
    ...(noticeSubject && noticeSubject.length >= 20 ? { noticeSubject } : {}),
    notice: NOTICE.test(title) || /erratum|retraction|comment|published erratum/.test(types),
    conference:
      r.type === 'conference-paper' ||
      r.type === 'conference-proceedings' ||
      /conference abstract|congress|meeting abstract/.test(types),
    ...(r.date?.year ? { year: r.date.year } : {}),
    ...(first
      ? {
          firstAuthor: nameWords(first.family ?? first.literal).pop() ?? '',
          firstAuthorWords: [...nameWords(first.family ?? first.literal), ...nameWords(first.given)],
        }
      : {}),
    ...(second && nameWords(second.family ?? second.literal).length
      ? { secondAuthor: nameWords(second.family ?? second.literal).pop()! }
      : {}),
    ...(leadAuthors(r).length >= 2 ? { leadAuthors: leadAuthors(r) } : {}),
    ...(r.journal?.title || r.journal?.abbrev
      ? { journal: foldText(r.journal.title ?? r.journal.abbrev) }
      : {}),
    ...(volumeOf(r) ? { volume: volumeOf(r) } : {}),
    ...(bibliographicNumber(r.issue) ? { issue: bibliographicNumber(r.issue) } : {}),
    ...(r.pages ? { firstPage: r.pages.split('-')[0]?.replace(/^[a-z]+/i, '') } : {}),
    ...(pageRangeOf(r.pages) ? { pageRange: pageRangeOf(r.pages) } : {}),
    ...(r.language ? { language: r.language.toLowerCase().slice(0, 2) } : {}),
  };
}
