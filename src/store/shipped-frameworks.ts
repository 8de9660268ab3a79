import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formFaults, type ExtractionForm } from '../domain/codebook/extraction-form.js';
import { frameworkFaults, type Framework } from '../domain/codebook/framework.js';
import { TwowayError } from '../domain/errors.js';

/** Where the frameworks Twoway ships live (one JSON file a framework, its default form beside it). */
export const SHIPPED_FRAMEWORKS_DIR = join(import.meta.dirname, '..', '..', 'data', 'frameworks');

export interface ShippedFramework {
  framework: Framework;
  /** The default extraction form (the framework's own, or a general one built from its dimensions). */
  form: ExtractionForm;
}

let shipped: ShippedFramework[] | undefined;

/** A form for a framework that ships none: no study-level fields, the benefit items on. */
export function generalForm(framework: Framework): ExtractionForm {
  return {
    title: `${framework.title} (default form)`,
    fields: [],
    benefitItems: { enabled: true, minimum: 0 },
  };
}

/** The frameworks shipped in data/frameworks, validated (a faulty shipped file is a bug: it throws). */
export function shippedFrameworks(): ShippedFramework[] {
  if (shipped) return shipped;
  const files = readdirSync(SHIPPED_FRAMEWORKS_DIR).filter((f) => /^[a-z0-9-]+\.json$/.test(f));
  shipped = files.sort().map((file) => {
    const framework = JSON.parse(readFileSync(join(SHIPPED_FRAMEWORKS_DIR, file), 'utf8')) as Framework;
    const faults = frameworkFaults(framework);
    if (faults.length > 0) throw new Error(`shipped framework ${file} is invalid: ${JSON.stringify(faults)}`);
    let form = generalForm(framework);
    try {
      form = JSON.parse(
        readFileSync(join(SHIPPED_FRAMEWORKS_DIR, `${framework.id}.form.json`), 'utf8'),
      ) as ExtractionForm;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const formProblems = formFaults(
      form,
      framework.dimensions.map((d) => d.id),
    );
    if (formProblems.length > 0)
      throw new Error(`shipped form of ${file} is invalid: ${JSON.stringify(formProblems)}`);
    return { framework, form };
  });
  return shipped;
}

/** The shipped framework with this id; E_NOT_FOUND naming the ones there are. */
export function shippedFramework(id: string): ShippedFramework {
  const found = shippedFrameworks().find((s) => s.framework.id === id);
  if (!found)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `Twoway ships no framework "${id}"; it ships: ${shippedFrameworks()
        .map((s) => s.framework.id)
        .join(', ')}`,
    });
  return found;
}
