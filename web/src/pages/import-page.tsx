import { useState, type FormEvent } from 'react';
import {
  api,
  importResultOf,
  type BulkFullText,
  type ImportRemovalAnswer,
  type ImportReport,
  type Job,
  type SearchRow,
} from '../api.js';
import { describeWork } from '../../../src/domain/dedupe/import-removal.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { waitForJob } from '../wait-for-job.js';
import { ErrorNote, Page } from '../ui.js';
import { counted } from '../../../src/domain/text/counted.js';
import { knownSource, SOURCES } from '../../../src/domain/synthesis/sources.js';

function ReportView({ report }: { report: ImportReport }) {
  const unmapped = Object.entries(report.unmappedTags ?? {});
  // a report stored by an older Twoway may lack the newer fields
  const warnings = report.warnings ?? [];
  return (
    <div className="report">
      <p>
        {[
          counted(report.recordsRead ?? 0, 'record'),
          `format ${report.format}`,
          `encoding ${report.encoding}`,
          ...(report.recordsSkipped ? [`${report.recordsSkipped} skipped`] : []),
          counted(report.warningsTotal ?? 0, 'warning'),
          counted(report.repairs?.total ?? 0, 'mojibake repair'),
        ].join(' · ')}
      </p>
      {unmapped.length > 0 && (
        <p className="muted">Unmapped tags: {unmapped.map(([t, n]) => `${t} (${n})`).join(', ')}</p>
      )}
      {warnings.length > 0 && (
        <ul className="warnings">
          {warnings.slice(0, 20).map((w, i) => (
            <li key={i}>
              {w.code} {w.message}
              {w.line ? ` (line ${w.line})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Records and searches per source database, in the order the sources were first searched. */
function perSource(searches: SearchRow[]): { source: string; records: number; searches: number }[] {
  const totals = new Map<string, { source: string; records: number; searches: number }>();
  for (const s of searches) {
    const t = totals.get(s.source) ?? { source: s.source, records: 0, searches: 0 };
    t.records += s.recordsRead;
    t.searches += 1;
    totals.set(s.source, t);
  }
  return [...totals.values()];
}

/** An owner's confirmation of removing an import: what leaves, what moves, what is lost. */
function RemovalCard({
  base,
  removal,
  onDone,
  onCancel,
}: {
  base: string;
  removal: ImportRemovalAnswer;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const moved = describeWork(removal.moved);
  const discarded = describeWork(removal.discarded);
  const remove = async () => {
    setBusy(true);
    try {
      await api.del(`${base}/searches/${removal.searchId}${discarded ? '?discardWork=true' : ''}`);
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <div className="card" role="dialog" aria-label={`Remove search ${removal.searchId}`}>
      <p>
        <strong>
          Remove search {removal.searchId} ({removal.source}, {removal.fileName})?
        </strong>{' '}
        Its {counted(removal.records, 'record')} leave the review and the PRISMA counts.
      </p>
      {removal.keptThroughDuplicates > 0 && (
        <p>
          {counted(removal.keptThroughDuplicates, 'record')} of it were found by other searches too: they stay
          in the review through those{moved ? `, and their ${moved} move there` : ''}.
        </p>
      )}
      <p className={discarded ? 'error' : 'muted'}>
        {discarded
          ? `The records only this search found carry ${discarded}: removing the search removes them too.`
          : 'No decision or coding is lost.'}
      </p>
      <ErrorNote error={error} />
      <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
        {discarded ? `Remove the search and its ${discarded}` : 'Remove the search'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Keep it
      </button>
    </div>
  );
}

/**
 * Attach many PDFs at once, each to the record whose DOI, PMID or PMCID its file name gives; says which record
 * each went to and why the others were skipped.
 */
function BulkFullTexts({ base }: { base: string }) {
  const [files, setFiles] = useState<File[]>([]);
  const [result, setResult] = useState<BulkFullText>();
  const [error, setError] = useState<unknown>();
  const send = async (event: FormEvent) => {
    event.preventDefault();
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    try {
      setResult(await api.post<BulkFullText>(`${base}/full-texts`, form));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void send(e)} aria-label="Attach full texts">
      <h2>Full texts</h2>
      <label>
        PDFs named by DOI, PMID or PMCID (10.1186_1744-8603-8-17.pdf, 22443120.pdf, PMC3359166.pdf)
        <input
          type="file"
          multiple
          accept="application/pdf,.pdf"
          required
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </label>
      <button type="submit">Attach</button>
      <ErrorNote error={error} />
      {result && (
        <div role="status">
          <p>
            {counted(result.attached.length, 'PDF')} attached, {result.skipped.length} skipped
          </p>
          <ul>
            {result.attached.map((a) => (
              <li key={a.fileName}>
                {a.fileName}: record {a.recordId} (by {a.by.toUpperCase()})
              </li>
            ))}
            {result.skipped.map((s) => (
              <li key={s.fileName} className="muted">
                {s.fileName}: skipped — {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

/** Upload one or many export files as one search each; watch them import; the searches per source. */
export function ImportPage() {
  const project = useProject();
  const base = `/projects/${project.projectId}`;
  const searches = useLoad(() => api.get<SearchRow[]>(`${base}/searches`), [base]);
  const [source, setSource] = useState('pubmed');
  const [query, setQuery] = useState('');
  const [runDate, setRunDate] = useState('');
  const [force, setForce] = useState(false);
  const [rerunOf, setRerunOf] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<unknown>();
  const [removal, setRemoval] = useState<ImportRemovalAnswer>();
  const askRemoval = (searchId: number) => {
    setError(undefined);
    api.get<ImportRemovalAnswer>(`${base}/searches/${searchId}/removal`).then(setRemoval, setError);
  };
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const form = new FormData();
    form.append('source', source);
    if (query) form.append('query', query);
    if (runDate) form.append('runDate', runDate);
    if (force) form.append('force', 'true');
    if (rerunOf) form.append('rerunOf', rerunOf);
    for (const f of files) form.append('files', f, f.name);
    try {
      const started = await api.post<Job[]>(`${base}/imports`, form);
      setJobs(started);
      await Promise.all(
        started.map((job) =>
          waitForJob(job.id, (update) => setJobs((all) => all.map((j) => (j.id === update.id ? update : j)))),
        ),
      );
      searches.reload();
    } catch (e) {
      setError(e);
    }
  };
  if (project.data && project.data.myRole !== 'owner')
    return (
      <Page title="Import">
        <p className="muted">Only the project’s owners import records.</p>
      </Page>
    );
  return (
    <Page title="Import">
      <form className="card" onSubmit={(e) => void upload(e)}>
        <label>
          Files (RIS, MEDLINE/nbib, EndNote, EndNote XML, PubMed XML, BibTeX, Web of Science, CSV, CSL-JSON)
          <input
            name="files"
            type="file"
            multiple
            required
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </label>
        <label>
          Source
          <select name="source" value={source} onChange={(e) => setSource(e.target.value)}>
            {SOURCES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
            {(project.data?.protocol.plannedSources ?? [])
              .filter((name) => !knownSource(name))
              .map((name) => (
                <option key={`planned-${name}`} value={name}>
                  {name} (planned in the protocol)
                </option>
              ))}
          </select>
        </label>
        <label>
          Query as run
          <input name="query" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label>
          Date run
          <input name="runDate" type="date" value={runDate} onChange={(e) => setRunDate(e.target.value)} />
        </label>
        <label>
          A newer run of
          <select name="rerunOf" value={rerunOf} onChange={(e) => setRerunOf(e.target.value)}>
            <option value="">
              nothing: a first run (an earlier run of the same query is found by itself)
            </option>
            {searches.data
              ?.filter((s) => s.source === source)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  #{s.id} {s.fileName} ({s.runDate ?? s.importedAt.slice(0, 10)})
                </option>
              ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Import a file
          seen before again
        </label>
        <button type="submit">Import</button>
      </form>
      <ErrorNote error={error} />
      {jobs.map((job) => (
        <div className="card job" key={job.id} data-job-state={job.state}>
          <strong>{job.label}</strong>: {job.state}
          {job.state === 'running' && job.progress.total > 0 && (
            <progress
              max={job.progress.total}
              value={job.progress.done}
              aria-label={`${job.label} progress`}
            />
          )}
          {importResultOf(job) && <ReportView report={importResultOf(job)!.report} />}
          {job.error && (
            <p className="error" role="alert">
              {job.error.code} {job.error.message}
              {job.error.file ? ` (${job.error.file}${job.error.line ? `:${job.error.line}` : ''})` : ''}
            </p>
          )}
        </div>
      ))}
      <BulkFullTexts base={base} />
      <h2>Searches</h2>
      {searches.data && searches.data.length > 0 && (
        <p className="muted" aria-label="Totals by database">
          {perSource(searches.data)
            .map(
              ({ source, records, searches: n }) =>
                `${source}: ${counted(records, 'record')} in ${counted(n, 'search', 'searches')}`,
            )
            .join(' · ')}
        </p>
      )}
      {removal && (
        <RemovalCard
          base={base}
          removal={removal}
          onCancel={() => setRemoval(undefined)}
          onDone={() => {
            setRemoval(undefined);
            searches.reload();
          }}
        />
      )}
      <table className="wide">
        <thead>
          <tr>
            <th>#</th>
            <th>Source</th>
            <th>File</th>
            <th>Format</th>
            <th>Records</th>
            <th>Query</th>
            <th>Run</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {searches.data?.map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td>
              <td>{s.source}</td>
              <td>{s.fileName}</td>
              <td>{s.format}</td>
              <td>{s.recordsRead}</td>
              <td>{s.query}</td>
              <td>
                {s.runDate ?? s.importedAt.slice(0, 10)}
                {s.rerunOf !== null && <span className="muted"> · re-run of #{s.rerunOf}</span>}
              </td>
              <td>
                <button type="button" onClick={() => askRemoval(s.id)} aria-label={`Remove search ${s.id}`}>
                  Remove…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
