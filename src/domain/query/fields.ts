/**
 * The field tags Twoway's PubMed syntax knows: the short tag, the long names PubMed writes in its "search
 * details" (so that a translation copied from PubMed can be run again), and what the tag searches.
 */

/** The text columns of the full-text index. */
export type TextColumn = 'title' | 'abstract' | 'keywords' | 'authors' | 'journal';
export const TEXT_COLUMNS: readonly TextColumn[] = ['title', 'abstract', 'keywords', 'authors', 'journal'];

export type FieldTag =
  | 'ti'
  | 'ab'
  | 'tiab'
  | 'tw'
  | 'all'
  | 'au'
  | '1au'
  | 'lastau'
  | 'mh'
  | 'majr'
  | 'sh'
  | 'pt'
  | 'la'
  | 'dp'
  | 'ta'
  | 'doi'
  | 'pmid'
  | 'vi'
  | 'ip';

export interface FieldInfo {
  tag: FieldTag;
  /** The name PubMed prints in its search details. */
  label: string;
  /** Other spellings accepted, lower case. */
  aliases: string[];
  /** The text columns a word search with this tag looks in; absent for structured fields. */
  columns?: readonly TextColumn[];
  /** True when `:noexp` may follow the tag. */
  explodes?: boolean;
}

export const FIELDS: readonly FieldInfo[] = [
  { tag: 'ti', label: 'Title', aliases: ['title'], columns: ['title'] },
  { tag: 'ab', label: 'Abstract', aliases: ['abstract'], columns: ['abstract'] },
  { tag: 'tiab', label: 'Title/Abstract', aliases: ['title/abstract'], columns: ['title', 'abstract'] },
  {
    tag: 'tw',
    label: 'Text Word',
    aliases: ['text word', 'textword'],
    columns: ['title', 'abstract', 'keywords'],
  },
  { tag: 'all', label: 'All Fields', aliases: ['all fields'], columns: TEXT_COLUMNS },
  { tag: 'au', label: 'Author', aliases: ['author', 'auth'] },
  { tag: '1au', label: 'Author - First', aliases: ['author - first', 'first author'] },
  { tag: 'lastau', label: 'Author - Last', aliases: ['author - last', 'last author'] },
  { tag: 'mh', label: 'MeSH Terms', aliases: ['mesh', 'mesh terms'], explodes: true },
  {
    tag: 'majr',
    label: 'MeSH Major Topic',
    aliases: ['mesh major topic', 'mj'],
    explodes: true,
  },
  { tag: 'sh', label: 'MeSH Subheading', aliases: ['mesh subheading', 'subheading'] },
  { tag: 'pt', label: 'Publication Type', aliases: ['publication type', 'ptyp'] },
  { tag: 'la', label: 'Language', aliases: ['language', 'lang'] },
  {
    tag: 'dp',
    label: 'Date - Publication',
    aliases: ['date - publication', 'publication date', 'pdat'],
  },
  { tag: 'ta', label: 'Journal', aliases: ['journal', 'jour'] },
  { tag: 'doi', label: 'DOI', aliases: ['lid', 'aid'] },
  { tag: 'pmid', label: 'PMID', aliases: ['uid'] },
  { tag: 'vi', label: 'Volume', aliases: ['volume'] },
  { tag: 'ip', label: 'Issue', aliases: ['issue'] },
];

const byName = new Map<string, FieldInfo>();
for (const f of FIELDS) {
  byName.set(f.tag, f);
  for (const a of f.aliases) byName.set(a, f);
}

/** The field a tag names (case and spacing ignored), or undefined. */
export function fieldByTag(name: string): FieldInfo | undefined {
  return byName.get(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** Text tags that take a proximity `:~N`. */
export const PROXIMITY_TAGS: readonly FieldTag[] = ['ti', 'ab', 'tiab', 'tw', 'all'];

export function fieldInfo(tag: FieldTag): FieldInfo {
  return byName.get(tag)!;
}
