import { isPeriodicalType, personToString, type BibRecord, type Person } from '../../record/bib-record.js';
import { monthAbbreviation } from '../../record/dates.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { ENDNOTE_TYPES } from '../endnote/endnote-types.js';
import { asreviewNotes, builderFor, finishRecord, readAsreviewNote, stripAsreviewLabels } from '../tagged.js';
import { child, children, cleanText, path, textOf, xmlRecords, type XmlNode } from '../xml-records.js';
import { escapeXml } from '../../text/escape-xml.js';

/** EndNote XML (`<xml><records><record>…`), as EndNote, Zotero and the IEBH dedupe tools write it. */
const RECORD = new Set(['record']);

/** Elements with no BibRecord field: kept in `extra` by their element name, not reported as unmapped. */
const KNOWN_EXTRA = new Set([
  'tertiary-title',
  'short-title',
  'translated-title',
  'edition',
  'section',
  'research-notes',
  'work-type',
  'caption',
  'label',
  'call-num',
  'remote-database-name',
  'remote-database-provider',
  'reprint-edition',
  'orig-pub',
  'num-vols',
  'access-date',
  'modified-date',
  'custom1',
  'custom3',
  'custom4',
  'custom5',
  'custom6',
  'custom7',
  'reviewed-item',
  'availability',
  'remote-source',
  'misc1',
  'misc2',
  'misc3',
  'alt-period',
  'tertiary-authors',
  'subsidiary-authors',
  'translated-authors',
  'image',
  'copyright',
  'report-id',
  'coden',
  'electronic-resource-num2',
]);
const IGNORED = new Set(['database', 'source-app', 'foreign-keys']);

function readEndnoteXml(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncIterable<Entry<XmlNode>> {
  return xmlRecords(chunks, RECORD, ctx);
}

function endnoteXmlToRecord(entry: Entry<XmlNode>, ctx: ReadContext): BibRecord | undefined {
  const rec = entry.data;
  const b = builderFor(ctx, entry.line);
  const refType = child(rec, 'ref-type');
  const typeName = refType?.attrs.name ?? '';
  const type = ENDNOTE_TYPES.read(typeName);
  if (!type && typeName) b.extra('endnote-type', typeName);
  b.setType(type ?? 'generic');
  const dbText = `${cleanText(child(rec, 'remote-database-name'))} ${cleanText(child(rec, 'remote-database-provider'))}`;
  let year = '';
  let pubDate = '';
  for (const el of rec.children) {
    if (typeof el === 'string') continue;
    const v = cleanText(el);
    switch (el.name) {
      case 'rec-number':
        b.text('sourceId', v, el.name);
        break;
      case 'ref-type':
        break;
      case 'contributors':
        for (const a of children(child(el, 'authors'), 'author')) b.person('authors', cleanText(a));
        for (const a of children(child(el, 'secondary-authors'), 'author')) b.person('editors', cleanText(a));
        for (const group of ['tertiary-authors', 'subsidiary-authors', 'translated-authors'])
          for (const a of children(child(el, group), 'author')) b.extra(group, cleanText(a));
        break;
      case 'auth-address': {
        const authors = b.get('authors');
        for (const line of textOf(el).split(/\r|\n/))
          b.affiliation(authors?.length === 1 ? authors[0] : undefined, line);
        break;
      }
      case 'titles':
        for (const t of el.children) {
          if (typeof t === 'string') continue;
          const tv = cleanText(t);
          if (t.name === 'title') b.text('title', tv, 'title');
          else if (t.name === 'secondary-title') {
            if (isPeriodicalType(type)) b.journal(tv);
            else b.text('containerTitle', tv, 'secondary-title');
          } else if (t.name === 'alt-title') b.journal(undefined, tv);
          else b.extra(t.name, tv);
        }
        break;
      case 'periodical':
        b.journal(cleanText(child(el, 'full-title')), cleanText(child(el, 'abbr-1')));
        break;
      case 'alt-periodical':
        b.journal(undefined, cleanText(child(el, 'abbr-1')) || cleanText(child(el, 'full-title')));
        break;
      case 'pages':
        b.pages(v);
        break;
      case 'volume':
        b.text('volume', v, el.name);
        break;
      case 'number':
        b.text('issue', v, el.name);
        break;
      case 'keywords':
        for (const k of children(el, 'keyword'))
          for (const kw of textOf(k).split(/\r|\n/)) b.list('keywords', kw);
        break;
      case 'dates':
        year = cleanText(child(el, 'year'));
        pubDate = cleanText(path(el, 'pub-dates', 'date'));
        break;
      case 'isbn':
        for (const line of textOf(el).split(/\r|\n/)) b.standardNumbers(line, 'isbn');
        break;
      case 'accession-num':
        if (/^\d{1,8}$/.test(v) && /pubmed|medline|nlm/i.test(dbText)) b.pmid(v);
        else b.extra('accession-num', v);
        break;
      case 'abstract':
        b.text(
          'abstract',
          textOf(el)
            .replace(/[ \t]+/g, ' ')
            .replace(/\r\n?/g, '\n'),
          el.name,
        );
        break;
      case 'notes':
        readAsreviewNote(b, v);
        b.list('notes', v.includes('ASReview_') ? stripAsreviewLabels(v) : v);
        break;
      case 'urls':
        for (const u of children(child(el, 'related-urls'), 'url')) b.list('urls', cleanText(u));
        for (const u of children(child(el, 'web-urls'), 'url')) b.list('urls', cleanText(u));
        for (const u of children(child(el, 'pdf-urls'), 'url')) b.extra('pdf-url', cleanText(u));
        break;
      case 'electronic-resource-num':
        b.doi(v, el.name);
        break;
      case 'custom2':
        if (/^PMC\d+/i.test(v)) b.pmcid(v);
        else b.extra('custom2', v);
        break;
      case 'language':
        b.text('language', v, el.name);
        break;
      case 'publisher':
        b.text('publisher', v, el.name);
        break;
      case 'pub-location':
        b.text('place', v, el.name);
        break;
      default:
        if (IGNORED.has(el.name)) break;
        if (!KNOWN_EXTRA.has(el.name)) ctx.unmapped(el.name);
        b.extra(el.name, v);
    }
  }
  if (year || pubDate)
    b.date(pubDate && year && !pubDate.includes(year) ? `${year} ${pubDate}` : pubDate || year, 'dates');
  return finishRecord(b, ctx, entry.line);
}

/** EndNote's own numbers for its reference types (written beside the name, as EndNote does). */
const ENDNOTE_REF_TYPE_NUMBERS: Record<string, number> = {
  'Journal Article': 17,
  Book: 6,
  'Book Section': 5,
  'Conference Paper': 47,
  'Conference Proceedings': 10,
  Thesis: 32,
  Report: 27,
  'Web Page': 12,
  Dataset: 59,
  Patent: 25,
  'Newspaper Article': 23,
  'Magazine Article': 19,
  Manuscript: 36,
  'Computer Program': 9,
  Case: 7,
  Generic: 13,
};

function el(name: string, content: string | undefined, attrs = ''): string {
  if (content === undefined || content === '') return '';
  return `<${name}${attrs}>${content}</${name}>`;
}

function styled(text: string | undefined): string | undefined {
  return text ? `<style face="normal" font="default" size="100%">${escapeXml(text)}</style>` : undefined;
}

function recordXml(r: BibRecord, index: number): string {
  const typeName = ENDNOTE_TYPES.write(r.type);
  const journalLike = isPeriodicalType(r.type);
  const people = (list: Person[] | undefined): string =>
    (list ?? []).map((p) => el('author', styled(personToString(p)))).join('');
  const affiliations = (r.authors ?? []).flatMap((p) => p.affiliation ?? []);
  const pubDate = r.date?.month
    ? `${monthAbbreviation(r.date.month)}${r.date.day ? ` ${r.date.day}` : ''}`
    : undefined;
  const notes = [...(r.notes ?? []), ...asreviewNotes(r.labels)];
  return [
    '<record>',
    el('rec-number', escapeXml(r.sourceId && /^\d+$/.test(r.sourceId) ? r.sourceId : String(index + 1))),
    `<ref-type name="${escapeXml(typeName)}">${ENDNOTE_REF_TYPE_NUMBERS[typeName] ?? 13}</ref-type>`,
    el('contributors', el('authors', people(r.authors)) + el('secondary-authors', people(r.editors))),
    el('auth-address', styled(affiliations.join('\r'))),
    el(
      'titles',
      el('title', styled(r.title)) +
        el(
          'secondary-title',
          styled(
            journalLike ? (r.journal?.title ?? r.containerTitle) : (r.containerTitle ?? r.journal?.title),
          ),
        ) +
        el('alt-title', styled(r.journal?.abbrev)),
    ),
    el('periodical', el('full-title', styled(r.journal?.title)) + el('abbr-1', styled(r.journal?.abbrev))),
    el('pages', styled(r.pages)),
    el('volume', styled(r.volume)),
    el('number', styled(r.issue)),
    el('keywords', (r.keywords ?? []).map((k) => el('keyword', styled(k))).join('')),
    el(
      'dates',
      el('year', styled(r.date?.year ? String(r.date.year) : r.date?.raw)) +
        el('pub-dates', el('date', styled(pubDate))),
    ),
    el('pub-location', styled(r.place)),
    el('publisher', styled(r.publisher)),
    el('isbn', styled([...(r.issn ?? []), ...(r.isbn ?? [])].join('\r') || undefined)),
    el('accession-num', styled(r.pmid)),
    el('abstract', styled(r.abstract)),
    el('notes', styled(notes.join('\r') || undefined)),
    el('urls', el('related-urls', (r.urls ?? []).map((u) => el('url', styled(u))).join(''))),
    el('custom2', styled(r.pmcid)),
    el('electronic-resource-num', styled(r.doi)),
    r.pmid ? el('remote-database-provider', styled('NLM')) : '',
    el('language', styled(r.language)),
    '</record>',
  ].join('');
}

async function* writeEndnoteXml(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" ?><xml><records>';
  let i = 0;
  for await (const r of records) yield `\n${recordXml(r, i++)}`;
  yield '\n</records></xml>\n';
}

export const endnoteXml: Format<XmlNode> = {
  id: 'endnote-xml',
  label: 'EndNote XML',
  extensions: ['.xml'],
  detect(sample) {
    if (
      /<xml>\s*<records>\s*<record>/.test(sample) ||
      (/<records>/.test(sample) && /<ref-type\b/.test(sample))
    )
      return 0.95;
    return 0;
  },
  read: readEndnoteXml,
  toRecord: endnoteXmlToRecord,
  write: writeEndnoteXml,
};
