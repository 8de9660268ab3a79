import {
  axisValues,
  itemDimensionCodes,
  synthesisAxes,
  type Axis,
  type SynthesisFilter,
  type SynthesisInput,
} from './coded-studies.js';
import type { BenefitItem } from '../codebook/benefit-item.js';

/**
 * The evidence and gap map (after EPPI-Mapper and the Campbell evidence-and-gap maps): two axes as rows and
 * columns, each cell the studies with a benefit item coded with both, segmented by a third axis. The data is
 * kept compact (code indices) so that the same cell computation runs on the server and, unchanged, inside the
 * standalone HTML file (mapCells is self-contained for that reason: it is embedded by its source text).
 */

export interface MapData {
  framework: { id: string; version: number; title: string };
  axes: Axis[];
  /** Study i: id, citation, title, year, and the code indices of each study axis (empty for item axes). */
  studies: { id: number; c: string; t: string; y: number | null; v: number[][] }[];
  /** Item: [study index, code indices of axis 0, of axis 1, …] (empty lists for study axes). */
  items: [number, ...number[][]][];
}

/** What a map shows, by axis index into MapData.axes. */
export interface MapQuery {
  rows: number;
  cols: number;
  segment: number | null;
  /** [axis index, code indices kept]: an item passes when it has one of the codes on each filtered axis. */
  filters: [number, number[]][];
  yearFrom: number | null;
  yearTo: number | null;
}

export interface MapCell {
  /** Study indices (into MapData.studies). */
  studies: number[];
  items: number;
  /** Per code of the segment axis, how many of the cell's studies have it. */
  segments: number[];
}

export interface MapCells {
  rows: number;
  cols: number;
  /** Row-major: cell (r, c) is cells[r * cols + c]. */
  cells: MapCell[];
  /** The largest number of studies in a cell (for sizing). */
  max: number;
  /** Studies with at least one item in the map. */
  studies: number;
}

/**
 * Computes the cells of a map. Self-contained on purpose (no imports, no outer names): the standalone HTML map
 * embeds this very function by its source text, so the file and the server count alike.
 */
export function mapCells(data: MapData, query: MapQuery): MapCells {
  const valuesOf = (axis: number, item: [number, ...number[][]]): number[] =>
    data.axes[axis]!.level === 'study' ? data.studies[item[0]]!.v[axis]! : (item[axis + 1] as number[]);
  const rows = data.axes[query.rows]!.codes.length;
  const cols = data.axes[query.cols]!.codes.length;
  const segmentCount = query.segment === null ? 0 : data.axes[query.segment]!.codes.length;
  const studySets: Set<number>[] = [];
  const segmentSets: Set<number>[][] = [];
  const itemCounts: number[] = [];
  for (let i = 0; i < rows * cols; i++) {
    studySets.push(new Set());
    itemCounts.push(0);
    const segs: Set<number>[] = [];
    for (let s = 0; s < segmentCount; s++) segs.push(new Set());
    segmentSets.push(segs);
  }
  const filters = query.filters.map(([axis, codes]) => [axis, new Set(codes)] as const);
  const inMap = new Set<number>();
  for (const item of data.items) {
    const study = data.studies[item[0]]!;
    if (query.yearFrom !== null && (study.y === null || study.y < query.yearFrom)) continue;
    if (query.yearTo !== null && (study.y === null || study.y > query.yearTo)) continue;
    let passes = true;
    for (const [axis, codes] of filters)
      if (!valuesOf(axis, item).some((v) => codes.has(v))) {
        passes = false;
        break;
      }
    if (!passes) continue;
    const segmentValues = query.segment === null ? [] : valuesOf(query.segment, item);
    for (const r of new Set(valuesOf(query.rows, item)))
      for (const c of new Set(valuesOf(query.cols, item))) {
        const cell = r * cols + c;
        studySets[cell]!.add(item[0]);
        itemCounts[cell]! += 1;
        for (const s of segmentValues) segmentSets[cell]![s]!.add(item[0]);
        inMap.add(item[0]);
      }
  }
  let max = 0;
  const cells = studySets.map((set, i) => {
    if (set.size > max) max = set.size;
    return {
      studies: [...set].sort((a, b) => a - b),
      items: itemCounts[i]!,
      segments: segmentSets[i]!.map((s) => s.size),
    };
  });
  return { rows, cols, cells, max, studies: inMap.size };
}

/**
 * The compact data of a map: every axis the codebook offers, every study with its study-axis values, every
 * benefit item with its item-axis values.
 */
export function evidenceMapData(input: SynthesisInput): MapData {
  let data = mapDataOf.get(input);
  if (!data) mapDataOf.set(input, (data = computeMapData(input)));
  return data;
}

/** The compact data of an input, made once (an input is never changed once made). */
const mapDataOf = new WeakMap<SynthesisInput, MapData>();

/** Each item's code indices by axis, with the axes they were worked out for. */
const itemRows = new WeakMap<BenefitItem, { signature: string; row: number[][] }>();

/** The code list of an axis a study or an item has no code on: one shared empty list (never written to). */
const NO_CODES: number[] = [];

function computeMapData(input: SynthesisInput): MapData {
  const axes = synthesisAxes(input);
  const index = axes.map((a) => new Map(a.codes.map((c, i) => [c.id, i])));
  const indices = (a: number, values: readonly string[]): number[] =>
    values.length === 0
      ? NO_CODES
      : values.length === 1
        ? [index[a]!.get(values[0]!)!]
        : [...new Set(values.map((v) => index[a]!.get(v)!))];
  const itemAxes = axes.flatMap((axis, a) => (axis.level === 'item' ? [[axis.id, a] as const] : []));
  const signature = JSON.stringify(axes.map((a) => [a.id, a.codes.map((c) => c.id)]));
  const studies: MapData['studies'] = [];
  const items: MapData['items'] = [];
  input.studies.forEach((study, s) => {
    studies.push({
      id: study.recordId,
      c: study.citation,
      t: study.title,
      y: study.year ?? null,
      v: axes.map((axis, a) =>
        axis.level === 'study' ? indices(a, axisValues(axis, study, undefined)) : NO_CODES,
      ),
    });
    for (const item of study.coding.items) {
      // an item's code indices depend only on the item and the axes: kept for the next input with the same axes
      let kept = itemRows.get(item);
      if (kept?.signature !== signature) {
        const codes = itemDimensionCodes(item);
        const row = axes.map(() => NO_CODES);
        for (const [id, a] of itemAxes) {
          const values = codes.get(id);
          if (values) row[a] = indices(a, values);
        }
        itemRows.set(item, (kept = { signature, row }));
      }
      items.push([s, ...kept.row]);
    }
  });
  return {
    framework: { id: input.framework.id, version: input.framework.version, title: input.framework.title },
    axes,
    studies,
    items,
  };
}

/** A map asked for by axis ids and a filter, as the API and the CLI take it. */
export interface MapRequest extends SynthesisFilter {
  rows?: string;
  cols?: string;
  segment?: string | null;
}

export const DEFAULT_MAP = { rows: 'building_block', cols: 'learning_area', segment: 'direction' } as const;

/** Turns axis ids and code ids into the index query mapCells takes; unknown axes are a RangeError. */
export function mapQuery(data: MapData, request: MapRequest = {}): MapQuery {
  const axisIndex = (id: string) => {
    const i = data.axes.findIndex((a) => a.id === id);
    if (i < 0) throw new RangeError(`no axis "${id}"; axes: ${data.axes.map((a) => a.id).join(', ')}`);
    return i;
  };
  const segment = request.segment === undefined ? DEFAULT_MAP.segment : request.segment;
  return {
    rows: axisIndex(request.rows ?? DEFAULT_MAP.rows),
    cols: axisIndex(request.cols ?? DEFAULT_MAP.cols),
    segment: segment === null ? null : axisIndex(segment),
    filters: Object.entries(request.codes ?? {}).map(([id, codes]) => {
      const a = axisIndex(id);
      const known = new Map(data.axes[a]!.codes.map((c, i) => [c.id, i]));
      return [a, codes.flatMap((c) => (known.has(c) ? [known.get(c)!] : []))];
    }),
    yearFrom: request.yearFrom ?? null,
    yearTo: request.yearTo ?? null,
  };
}

/** A computed map with its axes and the cited studies, ready for a page, an SVG or a JSON export. */
export interface EvidenceMap {
  framework: MapData['framework'];
  rows: Axis;
  cols: Axis;
  segment: Axis | null;
  cells: { row: string; col: string; studies: number[]; items: number; segments: number[] }[];
  max: number;
  /** Studies with an item in the map, and the cited studies the cells point at (by record id). */
  studyCount: number;
  studies: { id: number; citation: string; title: string; year: number | null }[];
}

/**
 * The evidence map of the final codings: default rows building blocks, columns learning areas, segments
 * direction of benefit.
 * @example evidenceMap(input, { rows: 'building_block', cols: 'evidence_type', segment: null })
 */
export function evidenceMap(input: SynthesisInput, request: MapRequest = {}): EvidenceMap {
  const data = evidenceMapData(input);
  const query = mapQuery(data, request);
  const result = mapCells(data, query);
  const rows = data.axes[query.rows]!;
  const cols = data.axes[query.cols]!;
  return {
    framework: data.framework,
    rows,
    cols,
    segment: query.segment === null ? null : data.axes[query.segment]!,
    cells: result.cells.map((cell, i) => ({
      row: rows.codes[Math.floor(i / result.cols)]!.id,
      col: cols.codes[i % result.cols]!.id,
      studies: cell.studies.map((s) => data.studies[s]!.id),
      items: cell.items,
      segments: cell.segments,
    })),
    max: result.max,
    studyCount: result.studies,
    studies: data.studies.map((s) => ({ id: s.id, citation: s.c, title: s.t, year: s.y })),
  };
}
