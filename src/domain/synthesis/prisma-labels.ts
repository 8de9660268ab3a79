/**
 * The words of the PRISMA 2020 flow diagram (Page et al. 2021), one place for all of them: the template CSV,
 * the SVG diagram and the dashboard's table read them from here. `box` is the box of the PRISMA2020 R
 * package's template a data name belongs to; `short` is how the diagram words it inside its box.
 */
export interface PrismaLabel {
  box: string;
  /** The full description, as the template CSV and the dashboard write it. */
  description: string;
  /** The diagram's words inside the box (its heading says the rest). */
  short: string;
  /** False for Twoway's own counts, which the PRISMA2020 template has no row for. */
  inTemplate: boolean;
}

const label = (box: string, description: string, short: string, inTemplate = true): PrismaLabel => ({
  box,
  description,
  short,
  inTemplate,
});

export const PRISMA_LABELS = {
  database_results: label('box2', 'Records identified from databases', 'Databases'),
  database_specific_results: label('box2', 'Records identified per database', 'Per database'),
  register_results: label('box2', 'Records identified from registers', 'Registers'),
  website_results: label('box11', 'Records identified from websites', 'Websites'),
  organisation_results: label('box11', 'Records identified from organisations', 'Organisations'),
  citations_results: label('box11', 'Records identified from citation searching', 'Citation searching'),
  other_methods_results: label(
    'box11',
    'Records identified by other methods (hand-searching, experts)',
    'Other methods',
    false,
  ),
  duplicates: label('box3', 'Duplicate records removed', 'Duplicate records'),
  excluded_automatic: label(
    'box3',
    'Records marked as ineligible by automation tools',
    'Records marked as ineligible by automation tools',
  ),
  excluded_other: label('box3', 'Records removed for other reasons', 'Records removed for other reasons'),
  records_screened: label('box4', 'Records screened', 'Records screened'),
  records_excluded: label('box5', 'Records excluded', 'Records excluded'),
  dbr_sought_reports: label(
    'box6',
    'Reports sought for retrieval (databases and registers)',
    'Reports sought for retrieval',
  ),
  dbr_notretrieved_reports: label(
    'box7',
    'Reports not retrieved (databases and registers)',
    'Reports not retrieved',
  ),
  dbr_assessed: label(
    'box8',
    'Reports assessed for eligibility (databases and registers)',
    'Reports assessed for eligibility',
  ),
  dbr_excluded: label(
    'box9',
    'Reports excluded, with reasons (databases and registers)',
    'Reports excluded:',
  ),
  other_sought_reports: label(
    'box12',
    'Reports sought for retrieval (other methods)',
    'Reports sought for retrieval',
  ),
  other_notretrieved_reports: label(
    'box13',
    'Reports not retrieved (other methods)',
    'Reports not retrieved',
  ),
  other_assessed: label(
    'box14',
    'Reports assessed for eligibility (other methods)',
    'Reports assessed for eligibility',
  ),
  other_excluded: label('box15', 'Reports excluded, with reasons (other methods)', 'Reports excluded:'),
  new_studies: label('box10', 'New studies included in review', 'Studies included in review'),
  new_reports: label('box10', 'Reports of new included studies', 'Reports of included studies'),
  total_studies: label('box16', 'Total studies included in review', 'Total studies included in review'),
  total_reports: label('box16', 'Reports of total included studies', 'Reports of total included studies'),
  pending_screening: label('', 'Records still to be screened (title and abstract)', 'Still to screen', false),
  pending_full_text: label('', 'Reports still to be assessed (full text)', 'Still to assess', false),
} as const satisfies Record<string, PrismaLabel>;

export type PrismaDataName = keyof typeof PRISMA_LABELS;

/** The headings of the diagram's boxes and columns. */
export const PRISMA_HEADINGS = {
  identifiedFrom: 'Records identified from:',
  removedBeforeScreening: 'Records removed before screening:',
  databasesColumn: 'Identification of new studies via databases and registers',
  otherMethodsColumn: 'Identification of new studies via other methods',
  phases: ['Identification', 'Screening', 'Included'],
} as const;

/**
 * The numbers the dashboard lists beside the diagram, in the diagram's order.
 */
export const DASHBOARD_PRISMA_ROWS: readonly PrismaDataName[] = [
  'database_results',
  'register_results',
  'website_results',
  'organisation_results',
  'citations_results',
  'other_methods_results',
  'duplicates',
  'records_screened',
  'records_excluded',
  'dbr_sought_reports',
  'dbr_notretrieved_reports',
  'dbr_assessed',
  'other_sought_reports',
  'total_studies',
];
