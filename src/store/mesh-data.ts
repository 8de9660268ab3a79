import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TwowayError } from '../domain/errors.js';
import { ImportReportCollector } from '../domain/formats/import-report.js';
import { readDescriptorXml } from '../domain/mesh/descriptor-xml.js';
import { MeshVocabulary, type MeshDescriptor } from '../domain/mesh/vocabulary.js';
import { decodeChunks } from '../domain/text/decode.js';

/** The MeSH build shipped with Twoway (see data/SOURCES.md). */
export const SHIPPED_MESH = join(
  import.meta.dirname,
  '..',
  '..',
  'data',
  'mesh',
  'mesh2024-descriptors.json.gz',
);

let shipped: Promise<MeshVocabulary> | undefined;

/**
 * Loads a MeSH vocabulary: the compact JSON Twoway ships (gzipped or not), or NLM's descriptor XML
 * (`desc20xx.xml`). Without a path, the shipped 2024 build, loaded once a process.
 */
export async function loadMesh(path?: string): Promise<MeshVocabulary> {
  if (!path) return (shipped ??= loadMesh(SHIPPED_MESH));
  try {
    if (/\.xml$/i.test(path)) {
      const list: MeshDescriptor[] = [];
      const text = decodeChunks(
        createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>,
        { replacements: 0 },
      );
      for await (const d of readDescriptorXml(text, new ImportReportCollector(path))) list.push(d);
      return new MeshVocabulary(list);
    }
    const bytes = await readFile(path);
    const json = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    return new MeshVocabulary(JSON.parse(json) as MeshDescriptor[]);
  } catch (error) {
    if (error instanceof TwowayError) {
      error.file ??= path;
      throw error;
    }
    throw new TwowayError(
      { code: 'E_IO', message: `cannot load MeSH from ${path}: ${(error as Error).message}` },
      path,
    );
  }
}
