import { useMemo, useState } from 'react';
import { mapCells, type MapData, type MapQuery } from '../../../src/domain/synthesis/evidence-map.js';
import { mapView, renderMapSvg } from '../../../src/domain/synthesis/evidence-map-svg.js';
import type { DimensionTable, LearningAreaTable } from '../../../src/domain/synthesis/benefit-tables.js';
import { api, type Codebook } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

type Tab = 'map' | 'table' | 'areas';
const BENEFITS_SHOWN = 20;

/**
 * The synthesis, computed from the consensus codings: the evidence and gap map (counted and drawn in the
 * page by the same functions as the server and the standalone file), the building-block and learning-area
 * tables, downloads and the review report.
 */
export function SynthesisPage() {
  const { projectId } = useProject();
  const [tab, setTab] = useState<Tab>('map');
  const base = `/api/v1/projects/${projectId}`;
  return (
    <Page
      title="Synthesis"
      actions={
        <span className="actions">
          <a href={`${base}/report?format=html`} target="_blank" rel="noreferrer">
            Review report
          </a>
          <a href={`${base}/report?format=pdf&download=true`}>Report (PDF)</a>
        </span>
      }
    >
      <p className="muted">Computed from the consensus coding of each study; nothing here is typed in.</p>
      <div className="tabs" role="tablist">
        {(
          [
            ['map', 'Evidence map'],
            ['table', 'Building blocks'],
            ['areas', 'Learning areas'],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'active' : ''}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'map' ? <MapPanel base={base} /> : <TablePanel base={base} kind={tab} />}
    </Page>
  );
}

function MapPanel({ base }: { base: string }) {
  const { projectId } = useProject();
  const data = useLoad(() => api.get<MapData>(`/projects/${projectId}/synthesis/map-data`), [projectId]);
  const [rows, setRows] = useState<number>();
  const [cols, setCols] = useState<number>();
  const [segment, setSegment] = useState<number | null | undefined>();
  const [yearFrom, setYearFrom] = useState('');
  const [yearTo, setYearTo] = useState('');
  const [filters, setFilters] = useState<Record<number, number>>({});
  const [cell, setCell] = useState<number>();
  const axes = data.data?.axes ?? [];
  const axis = (id: string) =>
    Math.max(
      0,
      axes.findIndex((a) => a.id === id),
    );
  const query: MapQuery | undefined = data.data && {
    rows: rows ?? axis('building_block'),
    cols: cols ?? axis('learning_area'),
    segment: segment === undefined ? axis('direction') : segment,
    filters: Object.entries(filters).map(([a, c]) => [Number(a), [c]]),
    yearFrom: yearFrom ? Number(yearFrom) : null,
    yearTo: yearTo ? Number(yearTo) : null,
  };
  const result = useMemo(
    () => (data.data && query ? mapCells(data.data, query) : undefined),
    [data.data, JSON.stringify(query)],
  ); // the query is compared by value
  if (data.loading && !data.data) return <Loading what="the map" />;
  if (data.error) return <ErrorNote error={data.error} />;
  if (!data.data || !query || !result) return null;
  const svg = renderMapSvg(mapView(data.data, query, result));
  const download = (format: string) => {
    const params = new URLSearchParams({
      format,
      download: 'true',
      rows: axes[query.rows]!.id,
      cols: axes[query.cols]!.id,
      segment: query.segment === null ? 'none' : axes[query.segment]!.id,
    });
    for (const [a, codes] of query.filters)
      params.append('filter', `${axes[a]!.id}=${axes[a]!.codes[codes[0]!]!.id}`);
    if (query.yearFrom !== null) params.set('yearFrom', String(query.yearFrom));
    if (query.yearTo !== null) params.set('yearTo', String(query.yearTo));
    return `${base}/synthesis/map?${params}`;
  };
  const selected = cell === undefined ? undefined : result.cells[cell];
  return (
    <div className="map-panel">
      <div className="controls">
        <AxisSelect label="Rows" axes={axes} value={query.rows} onChange={(v) => setRows(v!)} />
        <AxisSelect label="Columns" axes={axes} value={query.cols} onChange={(v) => setCols(v!)} />
        <AxisSelect label="Segments" axes={axes} value={query.segment} onChange={setSegment} none />
        <label>
          Years
          <input
            aria-label="From year"
            type="number"
            value={yearFrom}
            onChange={(e) => setYearFrom(e.target.value)}
            placeholder="from"
          />
          –
          <input
            aria-label="To year"
            type="number"
            value={yearTo}
            onChange={(e) => setYearTo(e.target.value)}
            placeholder="to"
          />
        </label>
      </div>
      <details>
        <summary>Filters</summary>
        <div className="controls">
          {axes.map((a, i) =>
            a.codes.length === 0 || a.codes.length > 60 ? null : (
              <label key={a.id}>
                {a.label}
                <select
                  value={filters[i] ?? ''}
                  onChange={(e) => {
                    const next = { ...filters };
                    if (e.target.value === '') delete next[i];
                    else next[i] = Number(e.target.value);
                    setFilters(next);
                  }}
                >
                  <option value="">all</option>
                  {a.codes.map((c, j) => (
                    <option key={c.id} value={j}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            ),
          )}
        </div>
      </details>
      <div
        className="map"
        aria-label="Evidence map"
        // the SVG is drawn by renderMapSvg, which escapes every text it holds
        dangerouslySetInnerHTML={{ __html: svg }}
        onClick={(e) => {
          const g = (e.target as Element).closest('[data-cell]');
          if (g) setCell(Number(g.getAttribute('data-cell')));
        }}
      />
      {selected && cell !== undefined && (
        <section className="card" aria-label="Cell studies">
          <h2>
            {axes[query.rows]!.codes[Math.floor(cell / result.cols)]!.label} ×{' '}
            {axes[query.cols]!.codes[cell % result.cols]!.label}: {selected.studies.length}{' '}
            {selected.studies.length === 1 ? 'study' : 'studies'}
          </h2>
          {selected.studies.length === 0 ? (
            <p>No study reports a benefit here: a gap in the evidence.</p>
          ) : (
            <ol>
              {selected.studies.map((s) => (
                <li key={s}>
                  <strong>{data.data!.studies[s]!.c}</strong> {data.data!.studies[s]!.t}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <p className="actions">
        Download: <a href={download('html')}>standalone map (HTML)</a> <a href={download('svg')}>SVG</a>{' '}
        <a href={download('png')}>PNG</a> <a href={download('csv')}>CSV</a>{' '}
        <a href={download('xlsx')}>XLSX</a> <a href={download('json')}>JSON</a>
      </p>
    </div>
  );
}

/** A choice of axis (by its index in the map data), reconstructed ones named so; `none` offers no axis. */
function AxisSelect({
  label,
  axes,
  value,
  onChange,
  none,
}: {
  label: string;
  axes: MapData['axes'];
  value: number | null;
  onChange: (axis: number | null) => void;
  none?: boolean;
}) {
  return (
    <label>
      {label}
      <select
        aria-label={label}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        {none && <option value="">none</option>}
        {axes.map((a, i) => (
          <option key={a.id} value={i}>
            {a.label}
            {a.status === 'reconstructed' ? ' (reconstructed)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The item dimensions a table is cut by on the page (the paper's: who benefits, at what level, how). */
const TABLE_FILTERS = ['direction', 'level', 'nature'] as const;

function TablePanel({ base, kind }: { base: string; kind: 'table' | 'areas' }) {
  const { projectId } = useProject();
  const codebook = useLoad(() => api.get<Codebook>(`/projects/${projectId}/codebook`), [projectId]);
  const [cut, setCut] = useState<Record<string, string>>({});
  const filters = new URLSearchParams(
    Object.entries(cut)
      .filter(([, code]) => code !== '')
      .map(([dimension, code]) => ['filter', `${dimension}=${code}`]),
  ).toString();
  const table = useLoad(
    // a page shows at most BENEFITS_SHOWN benefits a row; the downloads hold them all
    () =>
      api.get<{ data: DimensionTable | LearningAreaTable }>(
        `/projects/${projectId}/synthesis/${kind}?limit=${BENEFITS_SHOWN}${filters ? `&${filters}` : ''}`,
      ),
    [projectId, kind, filters],
  );
  const cutControls = (
    <p className="controls">
      {TABLE_FILTERS.map((id) => {
        const dimension = codebook.data?.framework.dimensions.find((d) => d.id === id);
        if (!dimension) return null;
        return (
          <label key={id}>
            {dimension.label}
            {dimension.status === 'reconstructed' ? ' (reconstructed)' : ''}{' '}
            <select value={cut[id] ?? ''} onChange={(e) => setCut({ ...cut, [id]: e.target.value })}>
              <option value="">all</option>
              {dimension.codes
                .filter((c) => !c.retired)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
            </select>
          </label>
        );
      })}
    </p>
  );
  if (table.loading && !table.data) return <Loading what="the table" />;
  if (table.error) return <ErrorNote error={table.error} />;
  const data = table.data?.data;
  if (!data) return null;
  const areas = kind === 'areas';
  const download = (format: string, what: string = kind) =>
    `${base}/synthesis/${what}?format=${format}&download=true${filters ? `&${filters}` : ''}`;
  return (
    <>
      {cutControls}
      <p className="muted">
        {data.totals.studies} {data.totals.studies === 1 ? 'study' : 'studies'}, {data.totals.items} benefit
        items. Download: <a href={download('csv')}>CSV</a> <a href={download('xlsx')}>XLSX</a>{' '}
        <a href={download('json')}>JSON</a> ·{' '}
        <a href={download('xlsx', 'items')}>every benefit item (XLSX)</a>
      </p>
      <table className="compact synthesis-table">
        <thead>
          <tr>
            <th>{data.axis.label}</th>
            <th>Studies</th>
            <th>Items</th>
            {areas && <th>Intangible</th>}
            {areas && <th>Transferable innovations</th>}
            <th>{areas ? 'Examples' : 'Benefits'}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.code} className={r.studies === 0 ? 'gap' : ''}>
              <th scope="row">{r.label}</th>
              <td>{r.studies}</td>
              <td>{r.items}</td>
              {areas && <td>{'intangible' in r ? r.intangible : ''}</td>}
              {areas && <td>{'innovations' in r ? r.innovations : ''}</td>}
              <td>
                <ul className="small">
                  {('examples' in r ? r.examples : r.benefits).map((b, i) => (
                    <li key={i}>
                      {b.summary} <span className="muted">({b.citation})</span>
                    </li>
                  ))}
                </ul>
                {!areas && (r.moreBenefits ?? 0) > 0 && (
                  <span className="muted small">and {r.moreBenefits} more (in the downloads)</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
