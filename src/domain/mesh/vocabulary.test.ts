import { describe, expect, it } from 'vitest';
import { MeshVocabulary } from './vocabulary.js';

const vocabulary = new MeshVocabulary([
  { ui: 'D1', name: 'Geographic Locations', treeNumbers: ['Z01'], entryTerms: [] },
  { ui: 'D2', name: 'Africa', treeNumbers: ['Z01.058'], entryTerms: [] },
  { ui: 'D3', name: 'Kenya', treeNumbers: ['Z01.058.290.120.400'], entryTerms: ['Republic of Kenya'] },
  { ui: 'D4', name: 'Africa, Eastern', treeNumbers: ['Z01.058.290.120'], entryTerms: ['East Africa'] },
  { ui: 'D5', name: 'Europe', treeNumbers: ['Z01.542'], entryTerms: ['Kenya'] },
  { ui: 'D6', name: 'Africa South of the Sahara', treeNumbers: ['Z01.058.290'], entryTerms: [] },
]);

describe('MeshVocabulary', () => {
  it('resolves names and entry terms, case- and accent-insensitively; a name beats another entry term', () => {
    expect(vocabulary.resolve('republic of KENYA')?.ui).toBe('D3');
    expect(vocabulary.resolve('Kenya')?.ui).toBe('D3');
    expect(vocabulary.resolve('East  Africa')?.name).toBe('Africa, Eastern');
    expect(vocabulary.resolve('Atlantis')).toBeUndefined();
    expect(vocabulary.isDescriptorName('East Africa')).toBe(false);
    expect(vocabulary.isDescriptorName('africa')).toBe(true);
  });

  it('explodes through the tree, and only below', () => {
    expect([...vocabulary.explode(vocabulary.resolve('Africa')!)].sort()).toEqual([
      'Africa',
      'Africa South of the Sahara',
      'Africa, Eastern',
      'Kenya',
    ]);
    expect([...vocabulary.explode(vocabulary.resolve('Kenya')!)]).toEqual(['Kenya']);
    expect(vocabulary.explode(vocabulary.resolve('Europe')!).has('Kenya')).toBe(false);
  });

  it('knows parents', () => {
    expect(vocabulary.parents(vocabulary.resolve('Kenya')!).map((d) => d.name)).toEqual(['Africa, Eastern']);
    expect(vocabulary.parents(vocabulary.resolve('Geographic Locations')!)).toEqual([]);
  });
});
