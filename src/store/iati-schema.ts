import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { TwowayError } from '../domain/errors.js';

/** Where the IATI 2.03 schema files Twoway ships live (see data/SOURCES.md). */
export const IATI_SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'data', 'iati');

let schemaFiles: { fileName: string; contents: string }[] | undefined;

function schemas(): { fileName: string; contents: string }[] {
  schemaFiles ??= ['iati-activities-schema.xsd', 'iati-common.xsd', 'xml.xsd'].map((fileName) => ({
    fileName,
    contents: readFileSync(join(IATI_SCHEMA_DIR, fileName), 'utf8'),
  }));
  return schemaFiles;
}

/**
 * The faults of an IATI activity file against the standard's own XML Schema (2.03), found by libxml2's
 * validator (xmllint, compiled to WebAssembly): `line: message` each; empty when the file is valid.
 */
export async function iatiSchemaFaults(xml: string): Promise<string[]> {
  const [main, ...rest] = schemas();
  const result = await validateXML({
    xml: [{ fileName: 'activities.xml', contents: xml }],
    schema: [main!],
    preload: rest,
    // a registry's file can run to megabytes: up to 1 GiB of WebAssembly memory
    maxMemoryPages: 16384,
  });
  return result.valid ? [] : result.errors.map((f) => `${f.loc?.lineNumber ?? '?'}: ${f.message}`);
}

/** Refuses an IATI file that does not pass the schema (a Twoway bug, never the user's): says where. */
export async function assertValidIati(xml: string): Promise<void> {
  const faults = await iatiSchemaFaults(xml);
  if (faults.length > 0)
    throw new TwowayError({
      code: 'E_INTERNAL',
      message: `the IATI file Twoway made does not pass the IATI 2.03 schema (please report it):\n  ${faults.slice(0, 10).join('\n  ')}`,
    });
}
