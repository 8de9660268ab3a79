import { distance } from 'fastest-levenshtein';
import { TwowayError } from '../errors.js';

/**
 * Where records come from, one vocabulary for the whole product: the import page's list, the CLI's help, the
 * store's check of every import and the PRISMA 2020 column a search counts in all read it.
 *
 * PRISMA 2020 (Page et al. 2021) counts databases and registers in its left column and "other methods"
 * (websites, organisations, citation searching, "etc.") in its right one. `other` is an other method that is
 * none of the three named ones (hand-searching a journal, asking experts): it counts in the right column,
 * never as a database.
 */
export type SourceKind = 'database' | 'register' | 'website' | 'organisation' | 'citation' | 'other';

/** The two columns of the PRISMA 2020 flow diagram. */
export type PrismaColumn = 'databases-and-registers' | 'other-methods';

export interface Source {
  /** What is stored with a search and typed in the CLI (`--source pubmed`). */
  id: string;
  label: string;
  kind: SourceKind;
  /** Other names people type for it (matched case-insensitively, as the id is). */
  aliases: readonly string[];
}

const source = (id: string, label: string, kind: SourceKind, ...aliases: string[]): Source => ({
  id,
  label,
  kind,
  aliases,
});

/** The sources Twoway knows, databases first (the order the import page offers them in). */
export const SOURCES: readonly Source[] = [
  source('pubmed', 'PubMed', 'database'),
  source('medline', 'MEDLINE (Ovid, EBSCO)', 'database', 'ovid-medline'),
  source('embase', 'Embase', 'database'),
  source('scopus', 'Scopus', 'database'),
  source('web-of-science', 'Web of Science', 'database', 'wos', 'web of science', 'isi'),
  source('cinahl', 'CINAHL', 'database'),
  source('psycinfo', 'APA PsycInfo', 'database', 'apa-psycinfo', 'psycinfo (ovid)'),
  source('cochrane', 'Cochrane Library (CENTRAL)', 'database', 'central', 'cochrane-library'),
  source('global-health', 'Global Health (CABI)', 'database', 'cabi'),
  source('lilacs', 'LILACS', 'database'),
  source('african-index-medicus', 'African Index Medicus', 'database', 'aim'),
  source('africa-wide', 'Africa-Wide Information', 'database', 'africa-wide-information'),
  source('proquest', 'ProQuest', 'database'),
  source('eric', 'ERIC', 'database'),
  source('clinicaltrials-gov', 'ClinicalTrials.gov', 'register', 'clinicaltrials.gov', 'clinicaltrials'),
  source('who-ictrp', 'WHO ICTRP', 'register', 'ictrp'),
  source('register', 'Another trial register', 'register', 'trial-register'),
  source('website', 'Websites', 'website'),
  source('grey-literature', 'Grey literature (websites)', 'website'),
  source('google-scholar', 'Google Scholar', 'website'),
  source('organisation', 'Organisations', 'organisation', 'organization'),
  source(
    'citation-chasing',
    'Citation searching',
    'citation',
    'citations',
    'citation-searching',
    'reference-list',
  ),
  source('other', 'Other methods (hand-searching, experts)', 'other', 'other-methods', 'hand-searching'),
];

const BY_NAME = new Map<string, Source>(
  SOURCES.flatMap((s) => [s.id, ...s.aliases].map((name) => [name.toLowerCase(), s] as const)),
);

const folded = (name: string): string => name.trim().toLowerCase();

/** The known source a name stands for (its id or an alias, any case), if any. */
export function knownSource(name: string): Source | undefined {
  return BY_NAME.get(folded(name));
}

/**
 * The PRISMA kind of a stored search's source: a known source's kind; any other name (a database the
 * protocol planned, or one stored by an older Twoway) is a bibliographic database.
 * @example sourceKind('Embase') // 'database'
 */
export function sourceKind(name: string): SourceKind {
  return knownSource(name)?.kind ?? 'database';
}

/** The PRISMA 2020 column a source kind counts in. */
export function prismaColumn(kind: SourceKind): PrismaColumn {
  return kind === 'database' || kind === 'register' ? 'databases-and-registers' : 'other-methods';
}

/**
 * The name a new search is stored under: a known source's id, or a database the protocol plans (as the
 * protocol spells it). Anything else is refused with the nearest known name, so that a typo (`pubmedd`) does
 * not become a database of its own in PRISMA.
 * @example resolveSource('PubMed', []) // 'pubmed'
 */
export function resolveSource(name: string, plannedSources: readonly string[] = []): string {
  const known = knownSource(name);
  if (known) return known.id;
  const planned = plannedSources.find((p) => folded(p) === folded(name));
  if (planned) return planned.trim();
  const suggestion = nearestSource(name, plannedSources);
  throw new TwowayError({
    code: 'E_USAGE',
    message:
      folded(name) === ''
        ? `say which source the records come from (${SOURCES.slice(0, 3)
            .map((s) => s.id)
            .join(', ')}, …)`
        : `"${name.trim()}" is not a source Twoway knows${suggestion ? `; did you mean "${suggestion}"?` : ''} ` +
          `(a database of your own counts once it is among the protocol's planned sources: twoway protocol --source-planned "${name.trim()}")`,
  });
}

/** The known or planned name closest to a misspelt one, when it is close (an edit or two). */
function nearestSource(name: string, plannedSources: readonly string[]): string | undefined {
  const target = folded(name);
  let best: { name: string; d: number } | undefined;
  for (const candidate of [...BY_NAME.keys(), ...plannedSources.map(folded)]) {
    const d = distance(target, candidate);
    if (!best || d < best.d) best = { name: candidate, d };
  }
  if (!best || best.d > Math.max(1, Math.floor(target.length / 4))) return undefined;
  return knownSource(best.name)?.id ?? plannedSources.find((p) => folded(p) === best.name);
}
