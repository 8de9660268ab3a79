/**
 * The formats the CLI, the API and the web pages offer for export. Kept apart from the format registry so that
 * the web pages can list them without bundling the readers and writers.
 */
export const WRITABLE_FORMATS = [
  'ris',
  'medline',
  'endnote',
  'endnote-xml',
  'bibtex',
  'csv',
  'csl-json',
  'json',
] as const;
