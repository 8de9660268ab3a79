import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TwowayError } from '../domain/errors.js';
import { templateFaults, type ProjectTemplate } from '../domain/templates/project-template.js';

/** Where the project templates Twoway ships live. */
export const SHIPPED_TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'data', 'templates');

let shipped: ProjectTemplate[] | undefined;

/** The shipped templates, validated (a faulty shipped file is a bug: it throws). */
export function shippedTemplates(): ProjectTemplate[] {
  if (shipped) return shipped;
  shipped = readdirSync(SHIPPED_TEMPLATES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const template = JSON.parse(readFileSync(join(SHIPPED_TEMPLATES_DIR, file), 'utf8')) as ProjectTemplate;
      const faults = templateFaults(template);
      if (faults.length > 0)
        throw new Error(`shipped template ${file} is invalid: ${JSON.stringify(faults)}`);
      return template;
    });
  return shipped;
}

/** The shipped template with this id; E_NOT_FOUND naming the ones there are. */
export function shippedTemplate(id: string): ProjectTemplate {
  const found = shippedTemplates().find((t) => t.id === id);
  if (!found)
    throw new TwowayError({
      code: 'E_NOT_FOUND',
      message: `Twoway ships no template "${id}"; templates: ${shippedTemplates()
        .map((t) => t.id)
        .join(', ')}`,
    });
  return found;
}
