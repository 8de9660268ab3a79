import { Resvg } from '@resvg/resvg-js';

/**
 * The PRISMA 2020 flow diagram as a PNG image: the SVG of renderPrismaSvg drawn at twice its size on white, as
 * the CLI writes it and the API serves it.
 */
export function renderPrismaPng(svg: string): Uint8Array {
  return new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
}
