import { useState, type FormEvent } from 'react';
import { api, type HistoryEntry, type RecordPage, type SavedSearch } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Page } from '../ui.js';
import { counted, noun } from '../../../src/domain/text/counted.js';

/** Hits a page shows; the rest are a page away. */
const PAGE_SIZE = 50;

/**
 * PubMed-syntax search over the project's records, with the search details, history and saved searches. All
 * hits are paged through ("51–100 of 133"); a query that fails clears the results, so no old hits stand
 * beside the error.
 */
export function SearchPage() {
  const project = useProject();
  const base = `/projects/${project.projectId}`;
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<RecordPage>();
  // the query the results are of, and where they start
  const [shown, setShown] = useState<{ query: string; everyRecord: boolean; offset: number }>();
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');
  const [everyRecord, setEveryRecord] = useState(false);
  const history = useLoad(() => api.get<HistoryEntry[]>(`${base}/search-history`), [base, result]);
  const saved = useLoad(() => api.get<SavedSearch[]>(`${base}/saved-searches`), [base]);
  const run = async (event?: FormEvent, q = query) => {
    event?.preventDefault();
    setError(undefined);
    try {
      // an explicit search (POST) is kept in the history; a GET (the next page) never is
      setResult(
        await api.post<RecordPage>(`${base}/records/search`, { query: q, limit: PAGE_SIZE, everyRecord }),
      );
      setShown({ query: q, everyRecord, offset: 0 });
    } catch (e) {
      setResult(undefined);
      setShown(undefined);
      setError(e);
    }
  };
  const turn = async (offset: number) => {
    if (!shown) return;
    setError(undefined);
    try {
      const params = new URLSearchParams({
        query: shown.query,
        offset: String(offset),
        limit: String(PAGE_SIZE),
        everyRecord: String(shown.everyRecord),
      });
      setResult(await api.get<RecordPage>(`${base}/records?${params}`));
      setShown({ ...shown, offset });
    } catch (e) {
      setError(e);
    }
  };
  const save = async () => {
    try {
      await api.post(`${base}/saved-searches`, { name, query });
      saved.reload();
      setName('');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Search">
      <form className="card" onSubmit={(e) => void run(e)}>
        <label>
          Query (PubMed syntax: fields such as [ti], [mh], [au], [dp]; AND, OR, NOT; #1 for history)
          <textarea name="query" rows={3} value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={everyRecord} onChange={(e) => setEveryRecord(e.target.checked)} />{' '}
          Every record, duplicates too (otherwise a duplicate cluster counts once, as its canonical record)
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div className="card">
          <p data-testid="search-count">
            <strong>{result.count}</strong> {noun(result.count, 'record')}
            {result.historyNumber ? ` (#${result.historyNumber})` : ''}
            {result.duplicatesSetAside
              ? ` · ${counted(result.duplicatesSetAside, 'duplicate')} set aside`
              : ''}
          </p>
          <p className="muted">
            Search details: <code>{result.translation}</code>
          </p>
          {result.count > 0 && shown && (
            <p className="actions">
              <span data-testid="search-range">
                {shown.offset + 1}–{shown.offset + result.records.length} of {result.count}
              </span>
              {shown.offset > 0 && (
                <button type="button" onClick={() => void turn(Math.max(0, shown.offset - PAGE_SIZE))}>
                  Previous {PAGE_SIZE}
                </button>
              )}
              {shown.offset + result.records.length < result.count && (
                <button type="button" onClick={() => void turn(shown.offset + PAGE_SIZE)}>
                  Next {Math.min(PAGE_SIZE, result.count - shown.offset - result.records.length)}
                </button>
              )}
            </p>
          )}
          {result.warnings.map((w) => (
            <p key={w} className="warning">
              {w}
            </p>
          ))}
          <span className="actions">
            <input
              aria-label="Name to save the search under"
              placeholder="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="button" disabled={!name.trim()} onClick={() => void save()}>
              Save search
            </button>
          </span>
          <ol start={(shown?.offset ?? 0) + 1}>
            {result.records.map((r) => (
              <li key={r.id}>
                {r.title}{' '}
                <span className="muted">{[r.authors[0], r.year, r.journal].filter(Boolean).join(' · ')}</span>
                {result.duplicatesBeside[r.id] ? (
                  <>
                    {' '}
                    <span className="badge" title="Records merged into this one as duplicates">
                      +{counted(result.duplicatesBeside[r.id]!, 'duplicate')}
                    </span>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="grid">
        <div className="card">
          <h2>History</h2>
          <ul className="list">
            {history.data?.map((h) => (
              <li key={h.number}>
                #{h.number} <code>{h.query}</code> ({h.resultCount})
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>Saved</h2>
          <ul className="list">
            {saved.data?.map((s) => (
              <li key={s.name}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setQuery(s.query);
                    void run(undefined, s.query);
                  }}
                >
                  {s.name}
                </button>{' '}
                <code>{s.query}</code> ({s.resultCount})
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Page>
  );
}
