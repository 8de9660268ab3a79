import type { PrismaCounts } from './prisma.js';
import { PRISMA_HEADINGS as H, PRISMA_LABELS as L } from './prisma-labels.js';
import { escapeXml } from '../text/escape-xml.js';

/**
 * Draws the PRISMA 2020 flow diagram as SVG: the databases-and-registers column with its exclusion boxes, the
 * other-methods column when other methods found anything, and the phase bars (Identification, Screening,
 * Included). Pure text in, text out; every number comes from PrismaCounts.
 */
interface Box {
  x: number;
  y: number;
  w: number;
  lines: string[];
  fill?: string;
}

const LINE_HEIGHT = 16;
const PAD = 10;
const FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="13"';

/** Wraps a line to about `chars` characters at spaces. */
function wrap(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function height(box: Box): number {
  return box.lines.length * LINE_HEIGHT + 2 * PAD;
}

function drawBox(box: Box): string {
  const h = height(box);
  const text = box.lines
    .map(
      (l, i) =>
        `<text x="${box.x + PAD}" y="${box.y + PAD + (i + 1) * LINE_HEIGHT - 4}" ${FONT} xml:space="preserve">${escapeXml(l)}</text>`,
    )
    .join('');
  return `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${h}" fill="${box.fill ?? '#ffffff'}" stroke="#000000"/>${text}`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#000000" stroke-width="1.2" marker-end="url(#arrow)"/>`;
}

const n = (value: number): string => `(n = ${value})`;

/**
 * @example renderPrismaSvg(prismaCounts({ searches: [], duplicates: 0, records: [] })).startsWith('<svg') // true
 */
export function renderPrismaSvg(c: PrismaCounts, title = 'PRISMA 2020 flow diagram'): string {
  const withOther =
    c.website_results +
      c.organisation_results +
      c.citations_results +
      c.other_methods_results +
      c.other_sought_reports >
    0;
  const colW = 300;
  const sideW = 300;
  const x1 = 70;
  const x2 = x1 + colW + 40;
  const x3 = x2 + sideW + 60;
  const x4 = x3 + colW + 40;
  const width = (withOther ? x4 + sideW : x2 + sideW) + 20;
  const wrapW = 40;
  const excludedLines = (list: { reason: string; n: number }[], heading: string): string[] => [
    heading,
    ...list.flatMap((r) => wrap(`${r.reason} ${n(r.n)}`, wrapW).map((l) => `  ${l}`)),
  ];
  const rows: { left: Box; right?: Box; otherLeft?: Box; otherRight?: Box }[] = [];
  const counted = (name: keyof typeof L & keyof PrismaCounts, indent = ''): string =>
    `${indent}${L[name].short} ${n(c[name] as number)}`;
  const dbLines = [
    H.identifiedFrom,
    counted('database_results'),
    ...c.database_specific_results.flatMap((d) => wrap(`${d.source} ${n(d.n)}`, wrapW).map((l) => `  ${l}`)),
    counted('register_results'),
  ];
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: dbLines },
    right: {
      x: x2,
      y: 0,
      w: sideW,
      lines: [
        H.removedBeforeScreening,
        counted('duplicates', '  '),
        ...wrap(counted('excluded_automatic'), 32).map((l) => `  ${l.trim()}`),
        ...wrap(counted('excluded_other'), 32).map((l) => `  ${l.trim()}`),
      ],
    },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [
              H.identifiedFrom,
              counted('website_results'),
              counted('organisation_results'),
              counted('citations_results'),
              ...(c.other_methods_results > 0 ? [counted('other_methods_results')] : []),
            ],
          },
        }
      : {}),
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [counted('records_screened')] },
    right: { x: x2, y: 0, w: sideW, lines: [counted('records_excluded')] },
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [counted('dbr_sought_reports')] },
    right: { x: x2, y: 0, w: sideW, lines: [counted('dbr_notretrieved_reports')] },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [counted('other_sought_reports')],
          },
          otherRight: {
            x: x4,
            y: 0,
            w: sideW,
            lines: [counted('other_notretrieved_reports')],
          },
        }
      : {}),
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [counted('dbr_assessed')] },
    right: { x: x2, y: 0, w: sideW, lines: excludedLines(c.dbr_excluded, L.dbr_excluded.short) },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [counted('other_assessed')],
          },
          otherRight: {
            x: x4,
            y: 0,
            w: sideW,
            lines: excludedLines(c.other_excluded, L.other_excluded.short),
          },
        }
      : {}),
  });
  rows.push({
    left: {
      x: x1,
      y: 0,
      w: colW,
      lines: [counted('new_studies'), counted('new_reports')],
    },
  });
  // lay the rows out top to bottom
  const headerH = 50;
  let y = 30 + headerH + 20;
  const rowTops: number[] = [];
  for (const row of rows) {
    rowTops.push(y);
    const boxes = [row.left, row.right, row.otherLeft, row.otherRight].filter((b): b is Box => Boolean(b));
    for (const b of boxes) b.y = y;
    y += Math.max(...boxes.map(height)) + 40;
  }
  const totalH = y + 10;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalH}" viewBox="0 0 ${width} ${totalH}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#000000"/></marker></defs>',
    `<rect width="${width}" height="${totalH}" fill="#ffffff"/>`,
  );
  parts.push(
    drawBox({
      x: x1,
      y: 30,
      w: colW + 40 + sideW,
      lines: [H.databasesColumn],
      fill: '#ffc000',
    }),
  );
  if (withOther)
    parts.push(
      drawBox({
        x: x3,
        y: 30,
        w: colW + 40 + sideW,
        lines: [H.otherMethodsColumn],
        fill: '#d9d9d9',
      }),
    );
  // phase bars
  const [identification, screening, included] = H.phases;
  const phases: [string, number, number][] = [
    [identification, rowTops[0]!, rowTops[1]! - 20],
    [screening, rowTops[1]!, rowTops[4]! - 20],
    [included, rowTops[4]!, totalH - 20],
  ];
  for (const [label, top, bottom] of phases) {
    const cx = 30;
    const cy = (top + bottom) / 2;
    parts.push(
      `<rect x="15" y="${top}" width="30" height="${bottom - top}" rx="6" fill="#9dc3e6" stroke="#000000"/>`,
      `<text x="${cx}" y="${cy}" ${FONT} font-weight="bold" text-anchor="middle" transform="rotate(-90 ${cx} ${cy})">${label}</text>`,
    );
  }
  // boxes first, arrows after, so no box hides an arrowhead
  const arrows: string[] = [];
  rows.forEach((row, i) => {
    for (const b of [row.left, row.right, row.otherLeft, row.otherRight]) if (b) parts.push(drawBox(b));
    const mid = (b: Box): number => b.y + height(b) / 2;
    if (row.right) arrows.push(arrow(row.left.x + row.left.w, mid(row.left), row.right.x, mid(row.left)));
    if (row.otherLeft && row.otherRight)
      arrows.push(
        arrow(row.otherLeft.x + row.otherLeft.w, mid(row.otherLeft), row.otherRight.x, mid(row.otherLeft)),
      );
    const next = rows[i + 1];
    if (next) {
      const cx = row.left.x + row.left.w / 2;
      arrows.push(arrow(cx, row.left.y + height(row.left), cx, next.left.y));
      // other methods: identification flows to retrieval (row 2), retrieval to assessment, assessment to inclusion
      if (row.otherLeft) {
        const ox = row.otherLeft.x + row.otherLeft.w / 2;
        const target = rows.slice(i + 1).find((r) => r.otherLeft)?.otherLeft;
        if (target) arrows.push(arrow(ox, row.otherLeft.y + height(row.otherLeft), ox, target.y));
        else
          arrows.push(
            `<polyline points="${ox},${row.otherLeft.y + height(row.otherLeft)} ${ox},${next.left.y + height(next.left) / 2} ${next.left.x + next.left.w},${next.left.y + height(next.left) / 2}" fill="none" stroke="#000000" stroke-width="1.2" marker-end="url(#arrow)"/>`,
          );
      }
    }
  });
  parts.push(...arrows);
  parts.push('</svg>');
  return parts.join('\n');
}
