import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMesh } from './mesh-data.js';

describe('MeSH data', () => {
  it('loads the shipped 2024 build (30,764 descriptors) and answers the paper’s headings', async () => {
    const mesh = await loadMesh();
    expect(mesh.size).toBe(30764);
    const cooperation = mesh.resolve('International Cooperation')!;
    expect(cooperation.ui).toBe('D007391');
    const exploded = mesh.explode(cooperation);
    expect(exploded).toContain('Developing Countries');
    expect(exploded).toContain('Developed Countries');
    expect(exploded.size).toBe(8);
    expect(mesh.resolve('Developing Nations')?.name).toBe('Developing Countries');
    expect(mesh.resolve('Healthcare Quality, Access, and Evaluation')?.ui).toBe('D017530');
    expect(mesh.explode(mesh.resolve('Africa')!).has('Kenya')).toBe(true);
    expect(await loadMesh()).toBe(mesh);
  });

  it("reads NLM's descriptor XML", async () => {
    const mesh = await loadMesh(
      join(import.meta.dirname, '..', 'domain', 'mesh', 'fixtures', 'desc-sample.xml'),
    );
    expect(mesh.size).toBe(2);
    expect(mesh.resolve('Foreign Aid')?.name).toBe('International Cooperation');
    expect(mesh.resolve('Cooperation, International')?.ui).toBe('D007391');
    expect([...mesh.explode(mesh.resolve('International Cooperation')!)]).toEqual([
      'International Cooperation',
      'Developing Countries',
    ]);
  });

  it('says what is wrong with a file it cannot load', async () => {
    await expect(loadMesh('/nonexistent/mesh.json')).rejects.toMatchObject({ code: 'E_IO' });
  });
});

describe('MeSH in CSV keywords columns', () => {
  it('reads a keywords column of MeSH headings (Cohen et al. 2006) as MeSH, and other keywords as keywords', async () => {
    const { openInput } = await import('./import/input-file.js');
    const excerpt = join(
      import.meta.dirname,
      '..',
      'domain',
      'formats',
      'fixtures',
      'cohen2006-adhd-excerpt.csv',
    );
    const input = await openInput(excerpt);
    const records = [];
    for await (const r of input.records) records.push(r);
    expect(records).toHaveLength(5);
    expect(records.every((r) => r.keywords === undefined && (r.mesh?.length ?? 0) > 5)).toBe(true);
    expect(records[0]!.mesh!.slice(0, 3).map((m) => m.descriptor)).toEqual([
      'Acetaminophen',
      'Adenoidectomy',
      'Administration, Oral',
    ]);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const plain = join(mkdtempSync(join(tmpdir(), 'twoway-kw-')), 'plain.csv');
    writeFileSync(plain, 'title,keywords\nTwinning,"partnership; twinning; reverse innovation"\n');
    const other = await openInput(plain);
    for await (const r of other.records)
      expect(r).toMatchObject({ keywords: ['partnership', 'twinning', 'reverse innovation'] });
  });
});
