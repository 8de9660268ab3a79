import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { whoRegionsOf, type CountryReference } from '../domain/countries/countries.js';
import { incomeHistoryOf, type IncomeHistory } from '../domain/countries/income-groups.js';

/** Where the country data Twoway ships lives (see data/SOURCES.md). */
export const COUNTRY_DATA_DIR = join(import.meta.dirname, '..', '..', 'data', 'countries');

export interface CountryData {
  reference: CountryReference;
  history: IncomeHistory;
}

let loaded: CountryData | undefined;

function csvRows(file: string): string[][] {
  return parse(readFileSync(join(COUNTRY_DATA_DIR, file), 'utf8'), {
    bom: true,
    relax_column_count: true,
  }) as string[][];
}

/** The shipped WHO regions and World Bank income history, read once a process. */
export function countryData(): CountryData {
  if (loaded) return loaded;
  const history = incomeHistoryOf(csvRows('worldbank_OGHIST_income_by_year.csv'));
  const whoRegions = whoRegionsOf(csvRows('who_regions_from_WHO_covid_map.csv'));
  // economies with a World Bank code that ISO 3166 does not have (Kosovo, the Channel Islands, former states)
  const otherEconomies = new Map([...history.names].filter(([code]) => /^(XKX|CHI)$|[a-z]$/.test(code)));
  loaded = { history, reference: { whoRegions, otherEconomies } };
  return loaded;
}
