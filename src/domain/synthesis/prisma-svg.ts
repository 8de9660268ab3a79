import type { PrismaCounts } from './prisma.js';

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

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

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
        `<text x="${box.x + PAD}" y="${box.y + PAD + (i + 1) * LINE_HEIGHT - 4}" ${FONT} xml:space="preserve">${escape(l)}</text>`,
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
    c.website_results + c.organisation_results + c.citations_results + c.other_sought_reports > 0;
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
  const dbLines = [
    'Records identified from:',
    `Databases ${n(c.database_results)}`,
    ...c.database_specific_results.flatMap((d) => wrap(`${d.source} ${n(d.n)}`, wrapW).map((l) => `  ${l}`)),
    `Registers ${n(c.register_results)}`,
  ];
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: dbLines },
    right: {
      x: x2,
      y: 0,
      w: sideW,
      lines: [
        'Records removed before screening:',
        `  Duplicate records ${n(c.duplicates)}`,
        '  Records marked as ineligible',
        `  by automation tools ${n(c.excluded_automatic)}`,
        '  Records removed for other',
        `  reasons ${n(c.excluded_other)}`,
      ],
    },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [
              'Records identified from:',
              `Websites ${n(c.website_results)}`,
              `Organisations ${n(c.organisation_results)}`,
              `Citation searching ${n(c.citations_results)}`,
            ],
          },
        }
      : {}),
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [`Records screened ${n(c.records_screened)}`] },
    right: { x: x2, y: 0, w: sideW, lines: [`Records excluded ${n(c.records_excluded)}`] },
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [`Reports sought for retrieval ${n(c.dbr_sought_reports)}`] },
    right: { x: x2, y: 0, w: sideW, lines: [`Reports not retrieved ${n(c.dbr_notretrieved_reports)}`] },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [`Reports sought for retrieval ${n(c.other_sought_reports)}`],
          },
          otherRight: {
            x: x4,
            y: 0,
            w: sideW,
            lines: [`Reports not retrieved ${n(c.other_notretrieved_reports)}`],
          },
        }
      : {}),
  });
  rows.push({
    left: { x: x1, y: 0, w: colW, lines: [`Reports assessed for eligibility ${n(c.dbr_assessed)}`] },
    right: { x: x2, y: 0, w: sideW, lines: excludedLines(c.dbr_excluded, 'Reports excluded:') },
    ...(withOther
      ? {
          otherLeft: {
            x: x3,
            y: 0,
            w: colW,
            lines: [`Reports assessed for eligibility ${n(c.other_assessed)}`],
          },
          otherRight: { x: x4, y: 0, w: sideW, lines: excludedLines(c.other_excluded, 'Reports excluded:') },
        }
      : {}),
  });
  rows.push({
    left: {
      x: x1,
      y: 0,
      w: colW,
      lines: [
        `Studies included in review ${n(c.new_studies)}`,
        `Reports of included studies ${n(c.new_reports)}`,
      ],
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
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalH}" viewBox="0 0 ${width} ${totalH}" role="img" aria-label="${escape(title)}">`,
    `<title>${escape(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#000000"/></marker></defs>',
    `<rect width="${width}" height="${totalH}" fill="#ffffff"/>`,
  );
  parts.push(
    drawBox({
      x: x1,
      y: 30,
      w: colW + 40 + sideW,
      lines: ['Identification of new studies via databases and registers'],
      fill: '#ffc000',
    }),
  );
  if (withOther)
    parts.push(
      drawBox({
        x: x3,
        y: 30,
        w: colW + 40 + sideW,
        lines: ['Identification of new studies via other methods'],
        fill: '#d9d9d9',
      }),
    );
  // phase bars
  const phases: [string, number, number][] = [
    ['Identification', rowTops[0]!, rowTops[1]! - 20],
    ['Screening', rowTops[1]!, rowTops[4]! - 20],
    ['Included', rowTops[4]!, totalH - 20],
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
