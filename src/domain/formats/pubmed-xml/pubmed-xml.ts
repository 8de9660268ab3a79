import type { BibRecord, Person } from '../../record/bib-record.js';
import { monthAbbreviation } from '../../record/dates.js';
import { splitPages } from '../../record/pages.js';
import type { RecordBuilder } from '../../record/record-builder.js';
import type { Entry, Format, ReadContext } from '../contract.js';
import { initialsOf } from '../medline/medline.js';
import { builderFor } from '../tagged.js';
import { child, children, cleanText, path, xmlRecords, type XmlNode } from '../xml-records.js';
import { escapeXml } from '../../text/escape-xml.js';

/** PubMed XML (efetch `rettype=xml`, PubMed's "Save → PubMed XML"): PubmedArticle and PubmedBookArticle. */
const RECORDS = new Set(['PubmedArticle', 'PubmedBookArticle']);

const KNOWN_CITATION = new Set([
  'PMID',
  'DateCompleted',
  'DateRevised',
  'DateCreated',
  'Article',
  'MedlineJournalInfo',
  'ChemicalList',
  'CitationSubset',
  'MeshHeadingList',
  'KeywordList',
  'CommentsCorrectionsList',
  'GeneralNote',
  'OtherID',
  'OtherAbstract',
  'SupplMeshList',
  'GeneSymbolList',
  'PersonalNameSubjectList',
  'InvestigatorList',
  'CoiStatement',
  'NumberOfReferences',
  'SpaceFlightMission',
]);
const KNOWN_ARTICLE = new Set([
  'Journal',
  'ArticleTitle',
  'Pagination',
  'ELocationID',
  'Abstract',
  'AuthorList',
  'Language',
  'PublicationTypeList',
  'ArticleDate',
  'GrantList',
  'DataBankList',
  'VernacularTitle',
]);

function readPubmedXml(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncIterable<Entry<XmlNode>> {
  return xmlRecords(chunks, RECORDS, ctx);
}

function addAuthors(b: RecordBuilder, list: XmlNode | undefined, role: 'authors' | 'editors'): void {
  for (const a of children(list, 'Author')) {
    const collective = cleanText(child(a, 'CollectiveName'));
    const family = cleanText(child(a, 'LastName'));
    const given = cleanText(child(a, 'ForeName')) || cleanText(child(a, 'Initials'));
    const suffix = cleanText(child(a, 'Suffix'));
    const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(
      children(a, 'Identifier').find((i) => i.attrs.Source === 'ORCID')
        ? cleanText(children(a, 'Identifier').find((i) => i.attrs.Source === 'ORCID'))
        : '',
    )?.[1];
    const person: Person =
      collective && !family
        ? { literal: collective }
        : { family, ...(given || suffix ? { given: [given, suffix].filter(Boolean).join(' ') } : {}) };
    if (orcid) person.orcid = orcid;
    person.affiliation = children(a, 'AffiliationInfo')
      .map((i) => cleanText(child(i, 'Affiliation')))
      .filter(Boolean);
    b.person(role, person);
  }
}

function pubDateText(d: XmlNode | undefined): string {
  if (!d) return '';
  const medline = cleanText(child(d, 'MedlineDate'));
  if (medline) return medline;
  return [
    cleanText(child(d, 'Year')),
    cleanText(child(d, 'Month')) || cleanText(child(d, 'Season')),
    cleanText(child(d, 'Day')),
  ]
    .filter(Boolean)
    .join(' ');
}

function abstractText(abstract: XmlNode | undefined): string {
  return children(abstract, 'AbstractText')
    .map((t) => {
      const label = t.attrs.Label;
      const text = cleanText(t);
      return label && label.toUpperCase() !== 'UNLABELLED' ? `${label}: ${text}` : text;
    })
    .join(' ');
}

function articleIds(b: RecordBuilder, list: XmlNode | undefined): void {
  for (const id of children(list, 'ArticleId')) {
    const v = cleanText(id);
    if (id.attrs.IdType === 'doi') b.doi(v, 'ArticleId');
    else if (id.attrs.IdType === 'pmc') b.pmcid(v);
    else if (id.attrs.IdType === 'pubmed') b.pmid(v, 'ArticleId');
  }
}

/** Pagination and ELocationIDs (the DOI among them), as an Article and a BookDocument both hold them. */
function pagesAndLocations(b: RecordBuilder, holder: XmlNode | undefined): void {
  const pagination = child(holder, 'Pagination');
  const pgn = cleanText(child(pagination, 'MedlinePgn'));
  b.pages(
    pgn ||
      [cleanText(child(pagination, 'StartPage')), cleanText(child(pagination, 'EndPage'))]
        .filter(Boolean)
        .join('-'),
  );
  for (const e of children(holder, 'ELocationID')) {
    if (e.attrs.EIdType === 'doi') b.doi(cleanText(e), 'ELocationID');
    else b.extra(`elocation-${e.attrs.EIdType ?? 'id'}`, cleanText(e));
  }
}

function pubmedToRecord(entry: Entry<XmlNode>, ctx: ReadContext): BibRecord | undefined {
  const node = entry.data;
  const b = builderFor(ctx, entry.line, 'article');
  if (node.name === 'PubmedBookArticle') {
    const doc = child(node, 'BookDocument');
    const book = child(doc, 'Book');
    b.pmid(cleanText(child(doc, 'PMID')), 'PMID');
    const section = cleanText(child(doc, 'ArticleTitle'));
    b.setType(section ? 'chapter' : 'book');
    b.text('title', section || cleanText(child(book, 'BookTitle')), 'ArticleTitle');
    if (section) b.text('containerTitle', cleanText(child(book, 'BookTitle')), 'BookTitle');
    b.text('publisher', cleanText(path(book, 'Publisher', 'PublisherName')), 'PublisherName');
    b.text('place', cleanText(path(book, 'Publisher', 'PublisherLocation')), 'PublisherLocation');
    b.date(pubDateText(child(book, 'PubDate')), 'PubDate');
    for (const list of [...children(book, 'AuthorList'), ...children(doc, 'AuthorList')])
      addAuthors(b, list, list.attrs.Type === 'editors' ? 'editors' : 'authors');
    for (const isbn of children(book, 'Isbn')) b.standardNumbers(cleanText(isbn), 'Isbn');
    for (const l of children(doc, 'Language')) b.text('language', cleanText(l), 'Language');
    b.text('abstract', abstractText(child(doc, 'Abstract')), 'Abstract');
    for (const k of children(child(doc, 'KeywordList'), 'Keyword')) b.list('keywords', cleanText(k));
    for (const t of children(doc, 'PublicationType')) b.list('publicationTypes', cleanText(t));
    pagesAndLocations(b, doc);
    articleIds(b, child(doc, 'ArticleIdList'));
    articleIds(b, path(node, 'PubmedBookData', 'ArticleIdList'));
    return b.build();
  }
  const citation = child(node, 'MedlineCitation');
  const article = child(citation, 'Article');
  if (!citation || !article) {
    ctx.malformed({
      code: 'E_RECORD_MALFORMED',
      message: 'PubmedArticle has no MedlineCitation/Article',
      line: entry.line,
    });
    return undefined;
  }
  b.pmid(cleanText(child(citation, 'PMID')), 'PMID');
  for (const c of citation.children)
    if (typeof c !== 'string' && !KNOWN_CITATION.has(c.name)) {
      ctx.unmapped(c.name);
      b.extra(c.name, cleanText(c));
    }
  for (const c of article.children)
    if (typeof c !== 'string' && !KNOWN_ARTICLE.has(c.name)) {
      ctx.unmapped(c.name);
      b.extra(c.name, cleanText(c));
    }
  // an article known only by its original-language title has an empty ArticleTitle
  const title = cleanText(child(article, 'ArticleTitle'));
  const vernacular = cleanText(child(article, 'VernacularTitle'));
  if (title) {
    b.text('title', title, 'ArticleTitle');
    b.extra('vernacular-title', vernacular);
  } else b.text('title', vernacular, 'VernacularTitle');
  b.text('abstract', abstractText(child(article, 'Abstract')), 'Abstract');
  addAuthors(b, child(article, 'AuthorList'), 'authors');
  const journal = child(article, 'Journal');
  b.journal(
    cleanText(child(journal, 'Title')),
    cleanText(child(journal, 'ISOAbbreviation')) ||
      cleanText(path(citation, 'MedlineJournalInfo', 'MedlineTA')),
  );
  for (const issn of children(journal, 'ISSN')) b.standardNumbers(cleanText(issn), 'ISSN');
  const issue = child(journal, 'JournalIssue');
  b.text('volume', cleanText(child(issue, 'Volume')), 'Volume');
  b.text('issue', cleanText(child(issue, 'Issue')), 'Issue');
  b.date(pubDateText(child(issue, 'PubDate')), 'PubDate');
  const ad = child(article, 'ArticleDate');
  if (ad) b.date(pubDateText(ad), 'ArticleDate');
  pagesAndLocations(b, article);
  for (const l of children(article, 'Language')) b.text('language', cleanText(l), 'Language');
  for (const t of children(child(article, 'PublicationTypeList'), 'PublicationType'))
    b.list('publicationTypes', cleanText(t));
  b.text('place', cleanText(path(citation, 'MedlineJournalInfo', 'Country')), 'Country');
  for (const h of children(child(citation, 'MeshHeadingList'), 'MeshHeading')) {
    const d = child(h, 'DescriptorName');
    b.mesh({
      descriptor: cleanText(d),
      major: d?.attrs.MajorTopicYN === 'Y',
      qualifiers: children(h, 'QualifierName').map((q) => ({
        name: cleanText(q),
        major: q.attrs.MajorTopicYN === 'Y',
      })),
    });
  }
  for (const list of children(citation, 'KeywordList'))
    for (const k of children(list, 'Keyword')) b.list('keywords', cleanText(k));
  for (const n of children(citation, 'GeneralNote')) b.list('notes', cleanText(n));
  articleIds(b, path(node, 'PubmedData', 'ArticleIdList'));
  return b.build();
}

function xmlEl(name: string, content: string | undefined, attrs = ''): string {
  return content === undefined || content === '' ? '' : `<${name}${attrs}>${content}</${name}>`;
}

function authorsXml(list: Person[] | undefined, type?: string): string {
  if (!list?.length) return '';
  const items = list
    .map((p) => {
      const inner = p.literal
        ? xmlEl('CollectiveName', escapeXml(p.literal))
        : xmlEl('LastName', escapeXml(p.family ?? '')) +
          xmlEl('ForeName', escapeXml(p.given ?? '')) +
          xmlEl('Initials', escapeXml(initialsOf(p.given)));
      const orcid = p.orcid ? `<Identifier Source="ORCID">${p.orcid}</Identifier>` : '';
      const affs = (p.affiliation ?? [])
        .map((a) => `<AffiliationInfo><Affiliation>${escapeXml(a)}</Affiliation></AffiliationInfo>`)
        .join('');
      return `<Author ValidYN="Y">${inner}${orcid}${affs}</Author>`;
    })
    .join('');
  return `<AuthorList CompleteYN="Y"${type ? ` Type="${type}"` : ''}>${items}</AuthorList>`;
}

function dateXml(r: BibRecord): string {
  if (!r.date?.year) return r.date?.raw ? xmlEl('MedlineDate', escapeXml(r.date.raw)) : '';
  return (
    xmlEl('Year', String(r.date.year)) +
    xmlEl('Month', r.date.month ? monthAbbreviation(r.date.month) : undefined) +
    xmlEl('Day', r.date.month && r.date.day ? String(r.date.day).padStart(2, '0') : undefined)
  );
}

function articleXml(r: BibRecord): string {
  const e = (s: string | undefined): string | undefined => (s === undefined ? undefined : escapeXml(s));
  const { first, last } = splitPages(r.pages);
  const ids =
    xmlEl('ArticleId', e(r.pmid), ' IdType="pubmed"') +
    xmlEl('ArticleId', e(r.doi), ' IdType="doi"') +
    xmlEl('ArticleId', e(r.pmcid), ' IdType="pmc"');
  if (r.type === 'book' || r.type === 'chapter') {
    const book =
      xmlEl('Publisher', xmlEl('PublisherName', e(r.publisher)) + xmlEl('PublisherLocation', e(r.place))) +
      xmlEl('BookTitle', e(r.type === 'chapter' ? r.containerTitle : r.title)) +
      xmlEl('PubDate', dateXml(r)) +
      authorsXml(r.editors, 'editors') +
      (r.isbn ?? []).map((i) => xmlEl('Isbn', e(i))).join('');
    return `<PubmedBookArticle><BookDocument>${xmlEl('PMID', e(r.pmid), ' Version="1"')}<Book>${book}</Book>${r.type === 'chapter' ? xmlEl('ArticleTitle', e(r.title)) : ''}${xmlEl('Language', e(r.language))}${authorsXml(r.authors, 'authors')}${xmlEl('Abstract', xmlEl('AbstractText', e(r.abstract)))}${(r.keywords ?? []).length ? `<KeywordList Owner="NOTNLM">${(r.keywords ?? []).map((k) => xmlEl('Keyword', e(k))).join('')}</KeywordList>` : ''}${(r.publicationTypes ?? []).map((t) => xmlEl('PublicationType', e(t))).join('')}</BookDocument>${xmlEl('PubmedBookData', xmlEl('ArticleIdList', ids))}</PubmedBookArticle>`;
  }
  const journal =
    (r.issn ?? []).map((i) => xmlEl('ISSN', i, ' IssnType="Print"')).join('') +
    `<JournalIssue CitedMedium="Internet">${xmlEl('Volume', e(r.volume))}${xmlEl('Issue', e(r.issue))}<PubDate>${dateXml(r)}</PubDate></JournalIssue>` +
    xmlEl('Title', e(r.journal?.title)) +
    xmlEl('ISOAbbreviation', e(r.journal?.abbrev));
  const article =
    `<Journal>${journal}</Journal>` +
    xmlEl('ArticleTitle', e(r.title)) +
    xmlEl(
      'Pagination',
      xmlEl('StartPage', e(first)) + xmlEl('EndPage', e(last)) + xmlEl('MedlinePgn', e(r.pages)),
    ) +
    xmlEl('ELocationID', e(r.doi), ' EIdType="doi" ValidYN="Y"') +
    xmlEl('Abstract', xmlEl('AbstractText', e(r.abstract))) +
    authorsXml(r.authors) +
    xmlEl('Language', e(r.language)) +
    xmlEl(
      'PublicationTypeList',
      (r.publicationTypes ?? []).map((t) => xmlEl('PublicationType', e(t))).join(''),
    );
  const mesh = (r.mesh ?? [])
    .map((m) => {
      const qualifierMajor = m.qualifiers.some((q) => q.major);
      const d = `<DescriptorName MajorTopicYN="${m.major && !qualifierMajor ? 'Y' : 'N'}">${escapeXml(m.descriptor)}</DescriptorName>`;
      return `<MeshHeading>${d}${m.qualifiers.map((q) => `<QualifierName MajorTopicYN="${q.major ? 'Y' : 'N'}">${escapeXml(q.name)}</QualifierName>`).join('')}</MeshHeading>`;
    })
    .join('');
  const citation =
    xmlEl('PMID', e(r.pmid), ' Version="1"') +
    `<Article PubModel="Print">${article}</Article>` +
    xmlEl('MedlineJournalInfo', xmlEl('Country', e(r.place))) +
    xmlEl('MeshHeadingList', mesh) +
    ((r.keywords ?? []).length
      ? `<KeywordList Owner="NOTNLM">${(r.keywords ?? []).map((k) => xmlEl('Keyword', e(k))).join('')}</KeywordList>`
      : '') +
    (r.notes ?? []).map((n) => xmlEl('GeneralNote', e(n))).join('');
  return `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">${citation}</MedlineCitation><PubmedData>${xmlEl('ArticleIdList', ids)}</PubmedData></PubmedArticle>`;
}

async function* writePubmedXml(
  records: AsyncIterable<BibRecord> | Iterable<BibRecord>,
): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>';
  for await (const r of records) yield `\n${articleXml(r)}`;
  yield '\n</PubmedArticleSet>\n';
}

export const pubmedXml: Format<XmlNode> = {
  id: 'pubmed-xml',
  label: 'PubMed XML (PubmedArticleSet)',
  extensions: ['.xml'],
  detect: (sample) => (/<(PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>]/.test(sample) ? 0.97 : 0),
  read: readPubmedXml,
  toRecord: pubmedToRecord,
  write: writePubmedXml,
};
