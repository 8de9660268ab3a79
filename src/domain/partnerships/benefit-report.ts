import { Type, type Static } from 'typebox';
import { BenefitItemSchema, itemCodes } from '../codebook/benefit-item.js';
import { dimensionOf, schemaFaults, type Fault, type Framework } from '../codebook/framework.js';

/**
 * "Twoway benefit report v1": what one partner institution reports for one round — the benefits it gained and
 * saw the other side gain (the shared BenefitItem, innovations included), its costs and drawbacks, and its
 * self-assessment of the partnership against THET's principles (1–4 each). The report body is what a member
 * writes; the document adds where it comes from, for export and import.
 */

export const CostSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    amount: Type.Optional(Type.Number({ minimum: 0 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. GBP' })),
    /** Staff time, travel, equipment, … as the reporter counts it. */
    kind: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const SelfAssessmentSchema = Type.Object(
  {
    principle: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,79}$',
      description: 'a code of thet-principles',
    }),
    score: Type.Integer({ minimum: 1, maximum: 4, description: '1 not at all … 4 fully' }),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const ReportBodySchema = Type.Object(
  {
    benefits: Type.Array(BenefitItemSchema, { maxItems: 500 }),
    costs: Type.Array(CostSchema, { maxItems: 200 }),
    selfAssessment: Type.Array(SelfAssessmentSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export type ReportBody = Static<typeof ReportBodySchema>;
export type Cost = Static<typeof CostSchema>;
export type SelfAssessment = Static<typeof SelfAssessmentSchema>;

export const EMPTY_REPORT: ReportBody = { benefits: [], costs: [], selfAssessment: [] };

export const BENEFIT_REPORT_STANDARD = 'twoway-benefit-report/1';

/** The exchange document: the body with its partnership, round, reporting institution and framework version. */
export const BenefitReportDocumentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    standard: Type.Literal(BENEFIT_REPORT_STANDARD),
    framework: Type.Object(
      { id: Type.String(), version: Type.Integer({ minimum: 1 }) },
      { additionalProperties: false },
    ),
    partnership: Type.Object(
      { id: Type.Optional(Type.Integer()), title: Type.String({ minLength: 1, maxLength: 500 }) },
      { additionalProperties: false },
    ),
    round: Type.Object(
      {
        id: Type.Optional(Type.Integer()),
        periodStart: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
        periodEnd: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
      },
      { additionalProperties: false },
    ),
    reportingInstitution: Type.Object(
      {
        id: Type.Optional(Type.Integer()),
        name: Type.String({ minLength: 1, maxLength: 500 }),
        country: Type.String({ maxLength: 3 }),
        side: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('submitted')])),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    submittedAt: Type.Optional(Type.String()),
    report: ReportBodySchema,
  },
  { additionalProperties: false, title: 'Twoway benefit report v1' },
);

export type BenefitReportDocument = Static<typeof BenefitReportDocumentSchema>;

/**
 * Every fault of a report body by JSON pointer: the schema, then codes the benefit framework or THET's
 * principles do not have (retired ones included), and a principle assessed twice.
 */
export function reportFaults(
  value: unknown,
  benefits: Framework,
  principles: Framework,
  prefix = '',
): Fault[] {
  const faults = schemaFaults(ReportBodySchema, value, prefix);
  if (faults.length > 0) return faults;
  const body = value as ReportBody;
  body.benefits.forEach((item, i) => {
    for (const { path, dimension, code } of itemCodes(item)) {
      const known = dimensionOf(benefits, dimension)?.codes.find((c) => c.id === code);
      if (!known || known.retired)
        faults.push({
          path: `${prefix}/benefits/${i}${path}`,
          message: `"${code}" is not a code of ${dimension} in ${benefits.id} v${benefits.version}`,
        });
    }
  });
  const codes = new Set((dimensionOf(principles, 'principle')?.codes ?? []).map((c) => c.id));
  const seen = new Set<string>();
  body.selfAssessment.forEach((a, i) => {
    if (!codes.has(a.principle))
      faults.push({
        path: `${prefix}/selfAssessment/${i}/principle`,
        message: `"${a.principle}" is not one of THET's principles (${[...codes].join(', ')})`,
      });
    if (seen.has(a.principle))
      faults.push({
        path: `${prefix}/selfAssessment/${i}/principle`,
        message: `"${a.principle}" is assessed twice`,
      });
    seen.add(a.principle);
  });
  return faults;
}

/** Every fault of an exchange document, by JSON pointer (the body's with `/report` before them). */
export function documentFaults(value: unknown, benefits: Framework, principles: Framework): Fault[] {
  const faults = schemaFaults(BenefitReportDocumentSchema, value);
  if (faults.length > 0) return faults;
  const doc = value as BenefitReportDocument;
  if (doc.framework.id !== benefits.id)
    return [
      {
        path: '/framework/id',
        message: `the report is coded with ${doc.framework.id}; this registry reports with ${benefits.id}`,
      },
    ];
  return reportFaults(doc.report, benefits, principles, '/report');
}
