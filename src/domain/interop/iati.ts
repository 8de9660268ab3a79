import type { BenefitItem } from '../codebook/benefit-item.js';
import { TwowayError } from '../errors.js';
import type { Activity } from '../partnerships/activity.js';
import type { Institution, Partnership } from '../partnerships/partnership.js';
import { escapeXml } from '../text/escape-xml.js';

/**
 * Partnerships as IATI activities (the IATI activity standard 2.03): one `iati-activity` a partnership, with
 * its partners as implementing organisations, its dates and status, the recipient countries (the
 * low/middle-income partners'), a health sector, and a `result` for every indicator a partner reported with a
 * baseline and a follow-up (baseline year and value, the round's period with the follow-up as its actual).
 * Code lists used: ActivityStatus, ActivityDateType, OrganisationRole, OrganisationType, Sector (DAC 5),
 * ResultType, IndicatorMeasure (iatistandard.org, version 2.03).
 */

export const IATI_VERSION = '2.03';

/** The organisation that publishes the file, as IATI identifies it (e.g. GB-CHC-1234567). */
export interface IatiReportingOrg {
  ref: string;
  name: string;
  /** OrganisationType code (e.g. 21 international NGO, 10 government). */
  type: string;
}

export interface IatiOptions {
  reportingOrg: IatiReportingOrg;
  /** IATI organisation identifiers of partner institutions, by institution id (optional: no `ref` without). */
  organisationRefs: ReadonlyMap<number, string>;
  /** When the file is made (ISO date-time); activity status is judged against its date. */
  generatedAt: string;
}

/** One indicator a partner reported for a round, with its period. */
export interface IatiIndicator {
  institution: Institution;
  period: { start: string; end: string };
  item: BenefitItem;
}

export interface IatiPartnership {
  partnership: Partnership;
  activities: readonly Activity[];
  indicators: readonly IatiIndicator[];
  /** Country alpha-2 codes by alpha-3 (IATI uses ISO 3166-1 alpha-2). */
  alpha2: (iso3: string) => string | undefined;
}

/** OrganisationType by institution type (a hospital's ownership is unknown: no type is claimed). */
const ORGANISATION_TYPE: Partial<Record<Institution['type'], string>> = {
  ministry: '10',
  ngo: '22',
  university: '80',
};

/** DAC 5 sectors: health policy and administrative management; medical education/training. */
const HEALTH_POLICY = '12110';
const MEDICAL_TRAINING = '12181';

/** An IATI organisation identifier: a registration agency prefix, a hyphen, the organisation's number. */
const ORG_REF = /^[A-Z]{2}(-[A-Za-z0-9]+)+$/;

/**
 * Refuses options that would make an unusable file: the reporting organisation needs an identifier of IATI's
 * form, a name and a type; every partner ref given must have that form too.
 */
export function assertIatiOptions(options: IatiOptions): void {
  const faults: string[] = [];
  if (!ORG_REF.test(options.reportingOrg.ref))
    faults.push(
      `the reporting organisation's identifier "${options.reportingOrg.ref}" is not of IATI's form (agency prefix-number, e.g. GB-CHC-1234567)`,
    );
  if (!options.reportingOrg.name.trim()) faults.push('the reporting organisation needs a name');
  if (!/^\d{2}$/.test(options.reportingOrg.type))
    faults.push(
      `the reporting organisation's type "${options.reportingOrg.type}" is not an OrganisationType code (two digits, e.g. 21)`,
    );
  for (const [id, ref] of options.organisationRefs)
    if (!ORG_REF.test(ref)) faults.push(`institution ${id}'s identifier "${ref}" is not of IATI's form`);
  if (faults.length > 0) throw new TwowayError({ code: 'E_USAGE', message: faults.join('; ') });
}

/**
 * Partner institutions' IATI identifiers from `institution=identifier` pairs (the CLI's repeated option or the
 * API's comma-separated list).
 * @example organisationRefsOf(['2=UG-COA-123']) // Map { 2 => 'UG-COA-123' }
 */
export function organisationRefsOf(pairs: readonly string[]): Map<number, string> {
  const refs = new Map<number, string>();
  for (const pair of pairs) {
    const match = /^(\d+)=(\S+)$/.exec(pair.trim());
    if (!match)
      throw new TwowayError({
        code: 'E_USAGE',
        message: `an organisation identifier is given as institution=identifier (e.g. 2=UG-COA-123), not "${pair}"`,
      });
    refs.set(Number(match[1]), match[2]!);
  }
  return refs;
}

const e = escapeXml;
const narrative = (text: string) => `<narrative>${e(text)}</narrative>`;

/** Equal shares of 100 with two decimals that add up to exactly 100. */
function shares(n: number): string[] {
  const base = Math.floor(10000 / n) / 100;
  const out = Array.from({ length: n }, () => base);
  out[0] = Math.round((100 - base * (n - 1)) * 100) / 100;
  return out.map((x) => x.toFixed(2).replace(/\.?0+$/, ''));
}

function activityXml(p: IatiPartnership, options: IatiOptions): string {
  const { partnership } = p;
  const today = options.generatedAt.slice(0, 10);
  const ended = partnership.endDate !== undefined && partnership.endDate < today;
  const status = partnership.startDate > today ? '1' : ended ? '4' : '2';
  const lines: string[] = [];
  lines.push(
    `<iati-activity last-updated-datetime="${e(options.generatedAt)}" xml:lang="en">`,
    `<iati-identifier>${e(`${options.reportingOrg.ref}-twoway-${partnership.id}`)}</iati-identifier>`,
    `<reporting-org ref="${e(options.reportingOrg.ref)}" type="${e(options.reportingOrg.type)}">${narrative(options.reportingOrg.name)}</reporting-org>`,
    `<title>${narrative(partnership.title)}</title>`,
    `<description type="1">${narrative(
      `Health partnership (${partnership.programme.toUpperCase()}) between ${partnership.institutions.map((i) => i.name).join(' and ')}${partnership.focusAreas.length ? `; focus: ${partnership.focusAreas.join(', ').replace(/_/g, ' ')}` : ''}. Benefits to both partners reported with Twoway.`,
    )}</description>`,
  );
  for (const i of partnership.institutions) {
    const ref = options.organisationRefs.get(i.id);
    const type = ORGANISATION_TYPE[i.type];
    lines.push(
      `<participating-org role="4"${ref ? ` ref="${e(ref)}"` : ''}${type ? ` type="${type}"` : ''}>${narrative(`${i.name} (${i.country}, ${i.side} partner)`)}</participating-org>`,
    );
  }
  lines.push(
    `<activity-status code="${status}"/>`,
    `<activity-date type="2" iso-date="${partnership.startDate}"/>`,
  );
  if (partnership.endDate)
    lines.push(`<activity-date type="${ended ? '4' : '3'}" iso-date="${partnership.endDate}"/>`);
  const recipients = [
    ...new Set(
      partnership.institutions
        .filter((i) => i.side === 'low-middle-income')
        .map((i) => p.alpha2(i.country))
        .filter((c): c is string => c !== undefined),
    ),
  ];
  const recipientShares = shares(Math.max(1, recipients.length));
  recipients.forEach((code, n) =>
    lines.push(
      `<recipient-country code="${code}"${recipients.length > 1 ? ` percentage="${recipientShares[n]}"` : ''}/>`,
    ),
  );
  const training = p.activities.some((a) => a.type === 'training');
  if (training)
    lines.push(
      `<sector vocabulary="1" code="${HEALTH_POLICY}" percentage="50"/>`,
      `<sector vocabulary="1" code="${MEDICAL_TRAINING}" percentage="50"/>`,
    );
  else lines.push(`<sector vocabulary="1" code="${HEALTH_POLICY}"/>`);
  for (const { institution, period, item } of p.indicators) {
    const indicator = item.indicator!;
    const baseline = indicator.baseline!;
    const followUp = indicator.followUp!;
    const percentage = indicator.unit?.trim() === '%';
    const baselineYear = Number((baseline.date ?? period.start).slice(0, 4));
    const comment = `${item.description} (reported by ${institution.name})`;
    lines.push(
      '<result type="2">',
      `<title>${narrative(indicator.name)}</title>`,
      `<description>${narrative(comment)}</description>`,
      `<indicator measure="${percentage ? '2' : '1'}" ascending="${followUp.value >= baseline.value ? '1' : '0'}">`,
      `<title>${narrative(`${indicator.name}${indicator.unit && !percentage ? ` (${indicator.unit})` : ''}`)}</title>`,
      indicator.method ? `<description>${narrative(indicator.method)}</description>` : '',
      `<baseline year="${baselineYear}"${baseline.date?.length === 10 ? ` iso-date="${baseline.date}"` : ''} value="${baseline.value}"/>`,
      '<period>',
      `<period-start iso-date="${period.start}"/>`,
      `<period-end iso-date="${period.end}"/>`,
      `<actual value="${followUp.value}"/>`,
      '</period>',
      '</indicator>',
      '</result>',
    );
  }
  lines.push('</iati-activity>');
  return lines.filter(Boolean).join('\n');
}

/**
 * The IATI activity file of some partnerships (2.03), every text escaped.
 * @example iatiXml([uk_uganda], options) // '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" …'
 */
export function iatiXml(partnerships: readonly IatiPartnership[], options: IatiOptions): string {
  assertIatiOptions(options);
  if (partnerships.length === 0)
    throw new TwowayError({
      code: 'E_USAGE',
      message: 'an IATI file holds one activity or more: no partnership',
    });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<iati-activities version="${IATI_VERSION}" generated-datetime="${e(options.generatedAt)}">`,
    ...partnerships.map((p) => activityXml(p, options)),
    '</iati-activities>',
    '',
  ].join('\n');
}
