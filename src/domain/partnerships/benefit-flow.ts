import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { BenefitItem } from '../codebook/benefit-item.js';
import { codeLabel, type Framework } from '../codebook/framework.js';
import type { PartnerSide } from '../countries/income-groups.js';
import { escapeXml } from '../text/escape-xml.js';
import { addRef, type ReportRef } from './business-case.js';
import type { SidedReport } from './two-way-analysis.js';

/**
 * The benefit flow: from the side a benefit or innovation came from, through the building block it
 * strengthened, to the side that gained it — a Sankey diagram whose band widths are item counts. A benefit's
 * origin is the other side of the one it went to (its direction code); an innovation's origin, when its
 * `origin` names a partner of its round (or the partner's country), is that partner's side. A mutual benefit flows both ways, one item
 * each way. Items with no direction flow nowhere and are counted apart.
 */

type Side = Exclude<PartnerSide, 'unknown'>;
const OTHER: Record<Side, Side> = { 'high-income': 'low-middle-income', 'low-middle-income': 'high-income' };
const SIDE_NAME: Record<Side, string> = {
  'high-income': 'high-income side',
  'low-middle-income': 'low/middle-income side',
};
const NO_BLOCK = '(no building block)';

export interface FlowLink {
  from: string;
  to: string;
  items: number;
  /** The items counted, grouped by report: [round id, institution id, the items' places (0-based)]. */
  refs: ReportRef[];
}

export interface BenefitFlow {
  /** Node ids: `from:<side>`, `block:<code>`, `to:<side>`; with their labels. */
  nodes: { id: string; label: string }[];
  links: FlowLink[];
  /** Items with no direction: not drawn. */
  undirected: number;
  explanation: string;
}

export const FLOW_EXPLANATION =
  'Each band runs from the side a benefit came from, through the building block it strengthened, to the side that gained it; its width is the number of report items. A benefit came from the side opposite the one it went to, an innovation from the partner its origin names; a mutual benefit counts once each way. Items with no direction are left out. Rounds still blind are not counted.';

/** The sides an item flows from and to. */
function flowsOf(item: BenefitItem, originSide: Side | undefined): [Side, Side][] {
  if (item.direction === 'mutual')
    return [
      ['high-income', 'low-middle-income'],
      ['low-middle-income', 'high-income'],
    ];
  const to: Side | undefined =
    item.direction === 'to_high_income'
      ? 'high-income'
      : item.direction === 'to_low_middle_income'
        ? 'low-middle-income'
        : undefined;
  if (!to) return [];
  return [[originSide && originSide !== to ? originSide : OTHER[to], to]];
}

/**
 * The flow of some reports' benefits; `partnerSide` tells the side of a partner an innovation's origin names.
 * @example benefitFlow([uganda], benefits, () => undefined).links[0] // { from: 'from:low-middle-income', to: 'block:service_delivery', items: 1, … }
 */
export function benefitFlow(
  reports: readonly SidedReport[],
  benefits: Framework,
  partnerSide: (roundId: number, name: string) => Side | undefined,
): BenefitFlow {
  const links = new Map<string, FlowLink & { refs: [number, number, number[]][] }>();
  const labels = new Map<string, string>();
  let undirected = 0;
  const add = (from: string, to: string, r: SidedReport, index: number) => {
    const key = `${from}>${to}`;
    let link = links.get(key);
    if (!link) links.set(key, (link = { from, to, items: 0, refs: [] }));
    link.items += 1;
    addRef(link.refs, r.roundId, r.institutionId, index);
  };
  for (const r of reports)
    r.report.benefits.forEach((item, index) => {
      const origin = item.innovation?.origin ? partnerSide(r.roundId, item.innovation.origin) : undefined;
      const flows = flowsOf(item, origin);
      if (flows.length === 0) {
        undirected += 1;
        return;
      }
      const blocks = item.buildingBlocks.length > 0 ? item.buildingBlocks : [NO_BLOCK];
      for (const [from, to] of flows) {
        labels.set(`from:${from}`, `From the ${SIDE_NAME[from]}`);
        labels.set(`to:${to}`, `To the ${SIDE_NAME[to]}`);
        for (const block of blocks) {
          const node = `block:${block}`;
          labels.set(node, block === NO_BLOCK ? NO_BLOCK : codeLabel(benefits, 'building_block', block));
          add(`from:${from}`, node, r, index);
          add(node, `to:${to}`, r, index);
        }
      }
    });
  return {
    nodes: [...labels].map(([id, label]) => ({ id, label })),
    links: [...links.values()],
    undirected,
    explanation: FLOW_EXPLANATION,
  };
}

/** A label in lines of at most `chars` characters (at word breaks). */
function wrapped(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

type Node = SankeyNode<{ id: string; label: string }, { items: number }>;
type Link = SankeyLink<{ id: string; label: string }, { items: number }>;

/**
 * The flow as an SVG Sankey diagram (layout by d3-sankey): sides on the left and right, building blocks in
 * between, each band's count in its tooltip; every text escaped. An empty flow says so.
 */
export function benefitFlowSvg(flow: BenefitFlow, title: string): string {
  const width = 1040;
  const margin = 250;
  const top = 56;
  const height = Math.max(260, 48 * flow.nodes.filter((n) => n.id.startsWith('block:')).length + top + 40);
  const font = 'font-family="Helvetica, Arial, sans-serif"';
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="12" y="24" ${font} font-size="17" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  if (flow.links.length === 0)
    return [
      ...head,
      `<text x="12" y="60" ${font} font-size="14">No directed benefit to draw yet.</text>`,
      '</svg>',
    ].join('\n');
  const layout = sankey<{ id: string; label: string }, { items: number }>()
    .nodeId((n) => n.id)
    .nodeWidth(14)
    .nodePadding(14)
    .nodeSort((a, b) => a.id.localeCompare(b.id))
    .extent([
      [margin, top],
      [width - margin, height - 40],
    ]);
  const graph = layout({
    nodes: flow.nodes.map((n) => ({ ...n })),
    links: flow.links.map((l) => ({ source: l.from, target: l.to, value: l.items, items: l.items })),
  });
  const colour = (id: string) =>
    id.endsWith('high-income') && !id.endsWith('low-middle-income')
      ? '#0072B2'
      : id.endsWith('low-middle-income')
        ? '#E69F00'
        : '#777777';
  const path = sankeyLinkHorizontal();
  const out = [...head];
  out.push(
    `<text x="12" y="42" ${font} font-size="12" fill="#555">Band width: report items. Left: where a benefit came from; middle: the building block; right: who gained.</text>`,
    `<text x="12" y="${height - 14}" ${font} font-size="12" fill="#555"><tspan fill="#0072B2">■</tspan> high-income side  <tspan fill="#E69F00">■</tspan> low/middle-income side: a band takes the colour of the side it leaves from or arrives at${flow.undirected ? ` · ${flow.undirected} item${flow.undirected === 1 ? '' : 's'} with no direction not drawn` : ''}</text>`,
  );
  for (const link of graph.links as Link[]) {
    const source = link.source as Node;
    const target = link.target as Node;
    const side = source.id.startsWith('from:') ? source.id : target.id;
    out.push(
      `<path d="${path(link) ?? ''}" fill="none" stroke="${colour(side)}" stroke-opacity="0.35" stroke-width="${Math.max(1, link.width ?? 1).toFixed(1)}"><title>${escapeXml(`${source.label} → ${target.label}: ${link.value}`)}</title></path>`,
    );
  }
  for (const node of graph.nodes as Node[]) {
    const x0 = node.x0 ?? 0;
    const x1 = node.x1 ?? 0;
    const y0 = node.y0 ?? 0;
    const y1 = node.y1 ?? 0;
    const left = node.id.startsWith('from:');
    const right = node.id.startsWith('to:');
    const anchor = left ? 'end' : 'start';
    const x = left ? x0 - 6 : x1 + 6;
    const lines = wrapped(`${node.label} (${node.value ?? 0})`, left || right ? 30 : 36);
    const y = (y0 + y1) / 2 + 4 - ((lines.length - 1) * 14) / 2;
    out.push(
      `<rect x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${(x1 - x0).toFixed(1)}" height="${Math.max(1, y1 - y0).toFixed(1)}" fill="${colour(node.id)}"><title>${escapeXml(`${node.label}: ${node.value ?? 0}`)}</title></rect>`,
      // a white halo keeps a label readable over the bands
      `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" ${font} font-size="12" paint-order="stroke" stroke="white" stroke-width="3"${right || left ? ' font-weight="bold"' : ''}>${lines.map((line, i) => `<tspan x="${x.toFixed(1)}" dy="${i === 0 ? 0 : 14}">${escapeXml(line)}</tspan>`).join('')}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
