import { escapeXml } from '../text/escape-xml.js';
import type { ScreeningEstimate } from './screening-estimate.js';
import type { CurvePoint, SimulationReport } from './simulation-report.js';

export interface RecallCurveView {
  title: string;
  /** Records on the x axis (screened, out of this many). */
  records: number;
  /** Relevant records in all (the y axis' 100 %); undefined when unknown (a live review): found counts instead. */
  relevant: number | undefined;
  series: { label: string; points: readonly CurvePoint[] }[];
  /** Draw the random-screening baseline (found grows linearly with records screened). */
  randomBaseline: boolean;
  /** Vertical marks, e.g. where a stopping rule stopped. */
  marks?: { label: string; screened: number }[];
}

const WIDTH = 680;
const HEIGHT = 420;
const PLOT = { left: 60, right: 20, top: 44, bottom: 50 };
const COLOURS = ['#1f5fa8', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085', '#7f8c8d'];

/**
 * Draws recall curves as SVG: relevant found (as recall when the total is known) against records screened,
 * with the random baseline, a 95 % line and optional marks. Every text is escaped.
 */
export function renderRecallCurveSvg(view: RecallCurveView): string {
  const w = WIDTH - PLOT.left - PLOT.right;
  const h = HEIGHT - PLOT.top - PLOT.bottom;
  const maxFound = Math.max(1, ...view.series.flatMap((s) => s.points.map((p) => p.found)));
  const yMax = view.relevant ?? maxFound;
  const xMax = Math.max(1, view.records);
  const x = (screened: number): number => PLOT.left + (w * screened) / xMax;
  const y = (found: number): number => PLOT.top + h - (h * found) / yMax;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(view.title)}</text>`,
  );
  // y ticks: quarters of recall, or whole numbers of records found
  const yStep = view.relevant === undefined ? Math.max(1, Math.ceil(yMax / 4)) : yMax / 4;
  for (let fy = 0; fy <= yMax + 1e-9; fy += yStep)
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + w}" y1="${y(fy)}" y2="${y(fy)}" stroke="#e5e5e5"/>`,
      `<text x="${PLOT.left - 6}" y="${y(fy) + 4}" text-anchor="end">${view.relevant === undefined ? fy : `${Math.round((100 * fy) / yMax)} %`}</text>`,
    );
  for (let t = 0; t <= 4; t++)
    parts.push(
      `<text x="${x((xMax * t) / 4)}" y="${PLOT.top + h + 18}" text-anchor="middle">${Math.round((xMax * t) / 4)}</text>`,
    );
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${w}" height="${h}" fill="none" stroke="#444"/>`,
    `<text x="${PLOT.left + w / 2}" y="${HEIGHT - 10}" text-anchor="middle">records screened</text>`,
    `<text transform="translate(16 ${PLOT.top + h / 2}) rotate(-90)" text-anchor="middle">${view.relevant === undefined ? 'relevant found' : 'recall'}</text>`,
  );
  if (view.relevant !== undefined)
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + w}" y1="${y(0.95 * yMax)}" y2="${y(0.95 * yMax)}" stroke="#999" stroke-dasharray="2 3"/>`,
      `<text x="${PLOT.left + w - 4}" y="${y(0.95 * yMax) - 4}" text-anchor="end" fill="#666">95 %</text>`,
    );
  if (view.randomBaseline)
    parts.push(
      `<line data-series="random" x1="${x(0)}" y1="${y(0)}" x2="${x(xMax)}" y2="${y(view.relevant ?? maxFound)}" stroke="#888" stroke-dasharray="6 4"/>`,
    );
  view.series.forEach((series, i) => {
    const d = series.points.map(
      (p, k) => `${k === 0 ? 'M' : 'L'}${x(p.screened).toFixed(1)} ${y(p.found).toFixed(1)}`,
    );
    parts.push(
      `<path data-series="${i}" d="${d.join(' ')}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.6"/>`,
    );
  });
  for (const mark of view.marks ?? [])
    parts.push(
      `<line x1="${x(mark.screened)}" x2="${x(mark.screened)}" y1="${PLOT.top}" y2="${PLOT.top + h}" stroke="#555" stroke-dasharray="3 3"/>`,
      `<text x="${x(mark.screened) + 3}" y="${PLOT.top + 12}" font-size="10">${escapeXml(mark.label)}</text>`,
    );
  const legend = [
    ...view.series.map((s, i) => ({ label: s.label, colour: COLOURS[i % COLOURS.length]!, dash: '' })),
    ...(view.randomBaseline ? [{ label: 'random screening', colour: '#888', dash: '6 4' }] : []),
  ];
  legend.forEach((entry, i) => {
    const ly = PLOT.top + h - 12 - (legend.length - 1 - i) * 16;
    parts.push(
      `<line x1="${PLOT.left + w - 170}" x2="${PLOT.left + w - 150}" y1="${ly}" y2="${ly}" stroke="${entry.colour}" stroke-width="2"${entry.dash ? ` stroke-dasharray="${entry.dash}"` : ''}/>`,
      `<text x="${PLOT.left + w - 145}" y="${ly + 4}">${escapeXml(entry.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A team's curve so far: relevant found against records screened (the total relevant is unknown). */
export function screeningCurveSvg(
  estimate: Pick<ScreeningEstimate, 'records' | 'curve'>,
  projectTitle: string,
): string {
  return renderRecallCurveSvg({
    title: `Relevant records found: ${projectTitle}`,
    records: estimate.records,
    relevant: undefined,
    series: [{ label: 'this review', points: estimate.curve }],
    randomBaseline: false,
  });
}

/** A simulation's recall curves, one a run, with random screening beside them (the priors left out). */
export function simulationCurveSvg(report: SimulationReport, fileName: string): string {
  return renderRecallCurveSvg({
    title: `Simulated screening of ${fileName} (${report.preset.name})`,
    records: report.records - report.priorIncluded - report.priorExcluded,
    relevant: report.relevant - report.priorIncluded,
    series: report.runs.map((run) => ({ label: `seed ${run.seed}`, points: run.curve })),
    randomBaseline: true,
  });
}
