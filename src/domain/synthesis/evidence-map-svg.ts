import type { MapCells, MapData, MapQuery } from './evidence-map.js';

/** What the drawing needs: labels, cells, and what the segments mean. */
export interface MapView {
  title: string;
  subtitle: string;
  rowTitle: string;
  colTitle: string;
  rowLabels: string[];
  colLabels: string[];
  /** Null when the map is not segmented. */
  segmentTitle: string | null;
  segmentLabels: string[];
  result: MapCells;
}

/**
 * Draws an evidence and gap map as SVG: a bubble a cell, its area proportional to the cell's studies, split
 * into slices by the segment axis, the count beside it; empty cells are hatched and say "gap", so the gaps
 * stand out as much as the evidence. Each cell is a `<g data-cell="i">` for pages to make clickable.
 * Self-contained on purpose (no imports, no outer names): the standalone HTML map embeds it by its source.
 */
export function renderMapSvg(view: MapView): string {
  const esc = (text: string): string =>
    String(text)
      // eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot hold
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) =>
        c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
      );
  const wrap = (text: string, chars: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      if (line && (line + ' ' + word).length > chars) {
        lines.push(line);
        line = word;
      } else line = line ? line + ' ' + word : word;
    }
    if (line) lines.push(line);
    return lines.slice(0, 4);
  };
  const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
  const cellW = 104;
  const cellH = 76;
  const left = 250;
  const top = 150;
  const maxR = 30;
  const { rows, cols, cells, max } = view.result;
  const width = left + cols * cellW + 20;
  const legendH = view.segmentTitle ? 40 + Math.ceil(view.segmentLabels.length / 3) * 20 : 20;
  const height = top + rows * cellH + legendH + 20;
  const font = 'font-family="Helvetica, Arial, sans-serif"';
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(view.title)}">`,
    `<title>${esc(view.title)}</title>`,
    '<defs><pattern id="gap" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fafafa"/><line x1="0" y1="0" x2="0" y2="8" stroke="#ddd" stroke-width="3"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="12" y="24" ${font} font-size="17" font-weight="bold">${esc(view.title)}</text>`,
    `<text x="12" y="44" ${font} font-size="12" fill="#444">${esc(view.subtitle)}</text>`,
    `<text x="12" y="${top - 10}" ${font} font-size="12" font-weight="bold">${esc(view.rowTitle)} ↓ · ${esc(view.colTitle)} →</text>`,
  );
  view.colLabels.forEach((label, c) => {
    const x = left + c * cellW + cellW / 2;
    const lines = wrap(label, 16);
    lines.forEach((line, i) =>
      out.push(
        `<text x="${x}" y="${top - 8 - (lines.length - 1 - i) * 14}" ${font} font-size="11" text-anchor="middle">${esc(line)}</text>`,
      ),
    );
  });
  view.rowLabels.forEach((label, r) => {
    const lines = wrap(label, 36);
    const y = top + r * cellH + cellH / 2 - ((lines.length - 1) * 14) / 2 + 4;
    lines.forEach((line, i) =>
      out.push(`<text x="12" y="${y + i * 14}" ${font} font-size="11">${esc(line)}</text>`),
    );
  });
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const cell = cells[i]!;
      const x = left + c * cellW;
      const y = top + r * cellH;
      const n = cell.studies.length;
      const name = `${view.rowLabels[r]} × ${view.colLabels[c]}: ${n} stud${n === 1 ? 'y' : 'ies'}, ${cell.items} item${cell.items === 1 ? '' : 's'}`;
      out.push(
        `<g data-cell="${i}" class="cell${n === 0 ? ' gap' : ''}" style="cursor:pointer"><title>${esc(name)}</title>`,
      );
      out.push(
        `<rect x="${x}" y="${y}" width="${cellW}" height="${cellH}" fill="${n === 0 ? 'url(#gap)' : '#ffffff'}" stroke="#ccc"/>`,
      );
      if (n === 0) {
        out.push(
          `<text x="${x + cellW / 2}" y="${y + cellH / 2 + 4}" ${font} font-size="11" fill="#999" text-anchor="middle">gap</text>`,
        );
      } else {
        const radius = Math.max(5, maxR * Math.sqrt(n / Math.max(max, 1)));
        const cx = x + cellW / 2 - 10;
        const cy = y + cellH / 2;
        const total = cell.segments.reduce((s, v) => s + v, 0);
        if (view.segmentTitle === null || total === 0)
          out.push(
            `<circle cx="${cx}" cy="${cy}" r="${radius.toFixed(1)}" fill="${palette[0]}" fill-opacity="0.85"/>`,
          );
        else {
          let angle = -Math.PI / 2;
          cell.segments.forEach((count, s) => {
            if (count === 0) return;
            const sweep = (count / total) * Math.PI * 2;
            const color = palette[s % palette.length];
            if (sweep >= Math.PI * 2 - 1e-9)
              out.push(`<circle cx="${cx}" cy="${cy}" r="${radius.toFixed(1)}" fill="${color}"/>`);
            else {
              const x1 = cx + radius * Math.cos(angle);
              const y1 = cy + radius * Math.sin(angle);
              const x2 = cx + radius * Math.cos(angle + sweep);
              const y2 = cy + radius * Math.sin(angle + sweep);
              out.push(
                `<path d="M${cx.toFixed(1)},${cy.toFixed(1)} L${x1.toFixed(1)},${y1.toFixed(1)} A${radius.toFixed(1)},${radius.toFixed(1)} 0 ${sweep > Math.PI ? 1 : 0} 1 ${x2.toFixed(1)},${y2.toFixed(1)} Z" fill="${color}"/>`,
              );
            }
            angle += sweep;
          });
        }
        out.push(
          `<text x="${cx + radius + 4}" y="${cy + 4}" ${font} font-size="12" font-weight="bold">${n}</text>`,
        );
      }
      out.push('</g>');
    }
  if (view.segmentTitle) {
    const y0 = top + rows * cellH + 28;
    out.push(
      `<text x="12" y="${y0}" ${font} font-size="12" font-weight="bold">${esc(view.segmentTitle)}</text>`,
    );
    view.segmentLabels.forEach((label, s) => {
      const x = 12 + (s % 3) * 260;
      const y = y0 + 10 + Math.floor(s / 3) * 20;
      out.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${palette[s % palette.length]}"/>`);
      out.push(`<text x="${x + 18}" y="${y + 10}" ${font} font-size="11">${esc(label)}</text>`);
    });
  }
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The view of a computed map: labels from the data's axes, the title and what the map is cut by.
 * Self-contained too, for the same reason as renderMapSvg.
 */
export function mapView(data: MapData, query: MapQuery, result: MapCells): MapView {
  const axis = (i: number) => data.axes[i]!;
  const mark = (i: number) => (axis(i).status === 'reconstructed' ? ' (reconstructed)' : '');
  const cut: string[] = [];
  if (query.yearFrom !== null || query.yearTo !== null)
    cut.push(`years ${query.yearFrom ?? '…'}–${query.yearTo ?? '…'}`);
  for (const [a, codes] of query.filters)
    if (codes.length > 0)
      cut.push(`${axis(a).label}: ${codes.map((c) => axis(a).codes[c]!.label).join(' or ')}`);
  return {
    title: `Evidence and gap map: ${axis(query.rows).label} × ${axis(query.cols).label}`,
    subtitle: `${result.studies} stud${result.studies === 1 ? 'y' : 'ies'} · ${data.framework.title} v${data.framework.version}${cut.length ? ' · ' + cut.join(' · ') : ''} · bubble area = studies`,
    rowTitle: axis(query.rows).label + mark(query.rows),
    colTitle: axis(query.cols).label + mark(query.cols),
    rowLabels: axis(query.rows).codes.map((c) => c.label),
    colLabels: axis(query.cols).codes.map((c) => c.label),
    segmentTitle: query.segment === null ? null : axis(query.segment).label + mark(query.segment),
    segmentLabels: query.segment === null ? [] : axis(query.segment).codes.map((c) => c.label),
    result,
  };
}
