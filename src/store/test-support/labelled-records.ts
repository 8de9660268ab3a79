import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 120 records: every sixth one about hospital partnerships, the rest about crops. */
export function labelledRis(count = 120): { path: string; content: string; relevantTitles: Set<string> } {
  const relevantTitles = new Set<string>();
  const records = Array.from({ length: count }, (_, i) => {
    const relevant = i % 6 === 0;
    const title = relevant
      ? `Hospital twinning partnership ${i}: nurses and surgeons learning together`
      : `Crop yield ${i} under irrigation and nitrogen in dry regions`;
    if (relevant) relevantTitles.add(title);
    const abstract = relevant
      ? 'A partnership between hospitals trained nurses and improved patient safety in surgery.'
      : 'Wheat and maize yields responded to rainfall, soil nitrogen and irrigation schedules.';
    return `TY  - JOUR\nTI  - ${title}\nAB  - ${abstract}\nER  - \n`;
  });
  const path = join(mkdtempSync(join(tmpdir(), 'twoway-prioritise-')), 'labelled.ris');
  const content = records.join('\n');
  writeFileSync(path, content);
  return { path, content, relevantTitles };
}
