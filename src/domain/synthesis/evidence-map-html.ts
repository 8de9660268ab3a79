import { mapCells, mapQuery, type MapData, type MapRequest } from './evidence-map.js';
import { mapView, renderMapSvg } from './evidence-map-svg.js';

/**
 * The evidence map as one standalone HTML file: the data, the very functions the server counts and draws with
 * (embedded by their source text), and a small page script for the controls. It works from file:// with no
 * server and no network: a Content-Security-Policy forbids every request, and nothing is loaded from outside.
 * Text from the data only ever reaches the page escaped (in the SVG) or as textContent (the study list).
 */

/** JSON that is safe inside a <script> element: no "<" (so no "</script>"), no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

// The page script: plain JavaScript run in the browser, reading the embedded data and functions.
const PAGE_SCRIPT = String.raw`
const data = JSON.parse(document.getElementById('map-data').textContent);
const initial = JSON.parse(document.getElementById('map-query').textContent);
const $ = (id) => document.getElementById(id);
const option = (value, label) => { const o = document.createElement('option'); o.value = String(value); o.textContent = label; return o; };
for (const id of ['rows', 'cols', 'segment']) {
  const select = $(id);
  if (id === 'segment') select.append(option('', 'none'));
  data.axes.forEach((axis, i) => select.append(option(i, axis.label + (axis.status === 'reconstructed' ? ' (reconstructed)' : ''))));
}
$('rows').value = String(initial.rows);
$('cols').value = String(initial.cols);
$('segment').value = initial.segment === null ? '' : String(initial.segment);
if (initial.yearFrom !== null) $('year-from').value = String(initial.yearFrom);
if (initial.yearTo !== null) $('year-to').value = String(initial.yearTo);
const filterBox = $('filters');
data.axes.forEach((axis, i) => {
  if (axis.codes.length === 0 || axis.codes.length > 60) return;
  const label = document.createElement('label');
  label.textContent = axis.label + ' ';
  const select = document.createElement('select');
  select.dataset.axis = String(i);
  select.append(option('', 'all'));
  axis.codes.forEach((code, c) => select.append(option(c, code.label)));
  const preset = initial.filters.find((f) => f[0] === i);
  if (preset && preset[1].length === 1) select.value = String(preset[1][0]);
  label.append(select);
  filterBox.append(label);
});
function currentQuery() {
  const year = (id) => ($(id).value.trim() === '' ? null : Number($(id).value));
  const filters = [];
  for (const select of filterBox.querySelectorAll('select')) if (select.value !== '') filters.push([Number(select.dataset.axis), [Number(select.value)]]);
  return { rows: Number($('rows').value), cols: Number($('cols').value), segment: $('segment').value === '' ? null : Number($('segment').value), filters, yearFrom: year('year-from'), yearTo: year('year-to') };
}
let shown = null;
function draw() {
  const query = currentQuery();
  const result = mapCells(data, query);
  shown = { query, result };
  $('map').innerHTML = renderMapSvg(mapView(data, query, result));
  $('details').replaceChildren();
}
function showCell(index) {
  const { query, result } = shown;
  const cell = result.cells[index];
  const row = data.axes[query.rows].codes[Math.floor(index / result.cols)].label;
  const col = data.axes[query.cols].codes[index % result.cols].label;
  const heading = document.createElement('h2');
  heading.textContent = row + ' × ' + col + ': ' + cell.studies.length + (cell.studies.length === 1 ? ' study' : ' studies');
  const list = document.createElement('ol');
  for (const s of cell.studies) {
    const study = data.studies[s];
    const li = document.createElement('li');
    const cite = document.createElement('strong');
    cite.textContent = study.c;
    li.append(cite, ' ' + study.t);
    list.append(li);
  }
  const empty = document.createElement('p');
  empty.textContent = 'No study reports a benefit here: a gap in the evidence.';
  $('details').replaceChildren(heading, cell.studies.length ? list : empty);
}
$('map').addEventListener('click', (event) => {
  const g = event.target.closest('[data-cell]');
  if (g) showCell(Number(g.getAttribute('data-cell')));
});
for (const el of document.querySelectorAll('select, input')) el.addEventListener('change', draw);
draw();
document.body.dataset.ready = 'true';
`;

/**
 * The standalone HTML file of an evidence map, opened at the given axes and filter.
 * @example evidenceMapHtml(evidenceMapData(input), { rows: 'building_block', cols: 'learning_area' })
 */
export function evidenceMapHtml(
  data: MapData,
  request: MapRequest = {},
  generatedAt = new Date().toISOString(),
): string {
  const query = mapQuery(data, request);
  const title = `Evidence and gap map — ${data.framework.title}`;
  const reconstructed = data.axes.filter((a) => a.status === 'reconstructed').map((a) => a.label);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5rem; color: #222; }
.controls { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; margin-bottom: 0.75rem; }
#filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; font-size: 0.9rem; margin-bottom: 1rem; }
#map { overflow-x: auto; }
#details { margin-top: 1rem; max-width: 60rem; }
input[type=number] { width: 5.5rem; }
.note { color: #555; font-size: 0.85rem; max-width: 60rem; }
</style>
</head>
<body>
<h1>${escapeText(title)}</h1>
<p class="note">Generated by Twoway on ${escapeText(generatedAt)} from the consensus codings of ${data.studies.length} studies (${data.items.length} benefit items), ${escapeText(data.framework.id)} version ${data.framework.version}.${reconstructed.length ? ` Reconstructed code lists (the source could not be retrieved): ${escapeText(reconstructed.join(', '))}.` : ''} Click a cell for its studies; hatched cells are gaps.</p>
<div class="controls">
<label>Rows <select id="rows"></select></label>
<label>Columns <select id="cols"></select></label>
<label>Segments <select id="segment"></select></label>
<label>Years <input id="year-from" type="number" placeholder="from"> – <input id="year-to" type="number" placeholder="to"></label>
</div>
<details open><summary>Filters</summary><div id="filters"></div></details>
<div id="map"></div>
<div id="details" aria-live="polite"></div>
<script type="application/json" id="map-data">${scriptJson(data)}</script>
<script type="application/json" id="map-query">${scriptJson(query)}</script>
<script>
"use strict";
var __name = (f) => f;
const mapCells = ${mapCells.toString()};
const mapView = ${mapView.toString()};
const renderMapSvg = ${renderMapSvg.toString()};
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
