import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from './import-report.js';
import { readAll } from './open-stream.js';

/**
 * Golden tests: every real export file in fixtures/ is read and compared with its `.expected.json`
 * (format, encoding, records, and the counts of the import report). `UPDATE_GOLDEN=1 npm test` rewrites
 * them; a rewrite is reviewed like code.
 */
const DIR = join(import.meta.dirname, 'fixtures');
const files = readdirSync(DIR).filter(
  (f) => !f.endsWith('.expected.json') && !f.endsWith('.md') && f !== 'licenses',
);

function reportSummary(r: ImportReport): Record<string, unknown> {
  return {
    recordsRead: r.recordsRead,
    recordsSkipped: r.recordsSkipped,
    recordsWithWarnings: r.recordsWithWarnings,
    unmappedTags: r.unmappedTags,
    repairs: r.repairs.byKind,
    warnings: r.warnings.map((w) => `${w.code}${w.line ? `@${w.line}` : ''}`),
  };
}

describe('golden files', () => {
  it('has fixtures to read', () => {
    expect(files.length).toBeGreaterThan(30);
  });
  for (const file of files) {
    it(file, async () => {
      const { list, collector, format } = await readAll(readFileSync(join(DIR, file)), file);
      const actual = JSON.parse(
        JSON.stringify({
          format: format.id,
          encoding: collector.report.encoding,
          report: reportSummary(collector.report),
          records: list,
        }),
      );
      const expectedPath = join(DIR, `${file}.expected.json`);
      if (process.env.UPDATE_GOLDEN || !existsSync(expectedPath)) {
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
        if (!process.env.UPDATE_GOLDEN)
          throw new Error(`wrote missing golden file ${expectedPath}; review it and run again`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});
