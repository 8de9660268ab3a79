import { Resvg } from '@resvg/resvg-js';

/**
 * An SVG drawing (the PRISMA 2020 flow diagram, an evidence map) as a PNG image, drawn at twice its size on
 * white, as the CLI writes it and the API serves it.
 */
export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
}
