import { describe, expect, it } from 'vitest';
import { findCountry } from '../domain/countries/countries.js';
import { classify, dataYearInForce } from '../domain/countries/income-groups.js';
import { countryData } from './country-data.js';

const { reference, history } = countryData();
const country = (text: string) => {
  const found = findCountry(text, reference);
  if (!found) throw new Error(`no country ${text}`);
  return found;
};

describe('countries', () => {
  it('finds a country by alpha-2, alpha-3, numeric code or English name, with its WHO and UN M49 regions', () => {
    expect(country('ug')).toEqual({
      iso3: 'UGA',
      iso2: 'UG',
      numeric: '800',
      name: 'Uganda',
      whoRegion: 'AFRO',
      m49: {
        region: { code: '002', name: 'Africa' },
        subregion: { code: '202', name: 'Sub-Saharan Africa' },
        intermediateRegion: { code: '014', name: 'Eastern Africa' },
      },
    });
    expect(country('GBR').whoRegion).toBe('EURO');
    expect(country('GBR').m49).toEqual({
      region: { code: '150', name: 'Europe' },
      subregion: { code: '154', name: 'Northern Europe' },
    });
    expect(country('826').iso3).toBe('GBR');
    expect(country("cote d'ivoire").iso3).toBe('CIV');
    expect(country('United Kingdom').iso3).toBe('GBR');
    expect(country('XKX')).toMatchObject({ iso3: 'XKX', name: 'Kosovo' }); // a World Bank economy ISO does not list
    expect(findCountry('Atlantis', reference)).toBeUndefined();
  });

  it('reads the World Bank history: 1987–2023, unclassified years kept as unknown', () => {
    expect([history.firstDataYear, history.lastDataYear]).toEqual([1987, 2023]);
    expect(history.groups.get('UGA')![2012 - 1987]).toBe('low');
  });
});

describe('classification by the year of the activity', () => {
  it('uses the group in force on the date: set on 1 July from the previous year’s data', () => {
    expect(dataYearInForce('2011-03-01')).toBe(2009);
    expect(dataYearInForce('2011-07-01')).toBe(2010);
    expect(dataYearInForce('2011')).toBe(2010);
    // China moved from lower-middle (data year 2009) to upper-middle (2010)
    expect(classify(history, country('CN'), '2011-03-01')).toMatchObject({
      group: 'lower-middle',
      dataYear: 2009,
      side: 'low-middle-income',
    });
    expect(classify(history, country('CN'), '2011-08-01')).toMatchObject({
      group: 'upper-middle',
      dataYear: 2010,
    });
    // Argentina was high income for data year 2014 only: a partner then, not a year later
    expect(classify(history, country('AR'), '2015-09-01')).toMatchObject({
      side: 'high-income',
      dataYear: 2014,
    });
    expect(classify(history, country('AR'), '2016-09-01')).toMatchObject({
      side: 'low-middle-income',
      group: 'upper-middle',
    });
    expect(classify(history, country('GB'), '2005').rule).toBe('World Bank high income in the year');
  });

  it('outside the data uses the nearest year and says so; an unclassified economy is unknown, never guessed', () => {
    const early = classify(history, country('UG'), '1980-01-01');
    expect(early).toMatchObject({ dataYear: 1987, group: 'low' });
    expect(early.note).toMatch(/outside the World Bank history \(1987–2023\); the nearest, 1987, was used/);
    expect(classify(history, country('GB'), '2030-01-01')).toMatchObject({
      dataYear: 2023,
      side: 'high-income',
    });
    // Albania has no group for data year 1987 ("..")
    expect(classify(history, country('AL'), '1988-09-01')).toMatchObject({ side: 'unknown', dataYear: 1987 });
  });

  it('a custom rule: the list decides, and says which rule it was', () => {
    const rule = {
      kind: 'custom' as const,
      label: 'APPS European partners',
      developed: ['GBR', 'FRA', 'CHE'],
    };
    expect(classify(history, country('FR'), '2010', rule)).toEqual({
      country: 'FRA',
      side: 'high-income',
      rule: 'custom: APPS European partners',
    });
    expect(classify(history, country('US'), '2010', rule).side).toBe('low-middle-income');
  });
});
