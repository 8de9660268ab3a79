import { useState } from 'react';
import { api, dedupeSummaryOf, type Duplicates, type Job, type RecordView } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { waitForJob } from '../wait-for-job.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { counted } from '../../../src/domain/text/counted.js';
import { groupReviewPairs } from '../../../src/domain/dedupe/review-groups.js';
import { foldText } from '../../../src/domain/dedupe/keys.js';

const FIELDS: [keyof RecordView, string][] = [
  ['title', 'Title'],
  ['authors', 'Authors'],
  ['year', 'Year'],
  ['journal', 'Journal'],
  ['volume', 'Volume'],
  ['issue', 'Issue'],
  ['pages', 'Pages'],
  ['doi', 'DOI'],
  ['pmid', 'PMID'],
];

const show = (value: RecordView[keyof RecordView]): string =>
  Array.isArray(value) ? value.join('; ') : String(value ?? '');

type Pair = Duplicates['pairs'][number];

/** One pair side by side: each field marked as agreeing or differing, why it is queued, merge or keep apart. */
function PairCard({
  pair: { a, b, score, reasons },
  act,
  base,
}: {
  pair: Pair;
  act: (work: () => Promise<unknown>) => Promise<void>;
  base: string;
}) {
  return (
    <div className="card pair" data-testid="review-pair">
      <p className="muted">
        Score {score.toFixed(2)} · queued because: {reasons.join('; ') || 'the titles match'}
      </p>
      <table className="side-by-side">
        <thead>
          <tr>
            <th />
            <th>Record {a.id}</th>
            <th>Record {b.id}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {FIELDS.map(([key, label]) => {
            const left = show(a[key]);
            const right = show(b[key]);
            const missing = !left.trim() || !right.trim();
            // compared as deduplication compares them: case, accents and punctuation aside
            const differs = !missing && foldText(left) !== foldText(right);
            return (
              <tr key={key} className={differs ? 'differs' : undefined}>
                <th scope="row">{label}</th>
                <td>{left}</td>
                <td>{right}</td>
                <td className="muted">
                  {missing ? (left || right ? 'one only' : '') : differs ? 'differ' : 'agree'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <button
          type="button"
          onClick={() => void act(() => api.post(`${base}/duplicates/merge`, { recordIds: [a.id, b.id] }))}
        >
          Merge
        </button>
        <button
          type="button"
          onClick={() => void act(() => api.post(`${base}/duplicates/not-duplicate`, { a: a.id, b: b.id }))}
        >
          Not a duplicate
        </button>
      </div>
    </div>
  );
}

/**
 * Possible duplicates side by side, each field marked as agreeing or differing, most likely first; pairs that
 * only share a generic title in groups dismissed at once; merge, keep apart, or undo a merge.
 */
export function DuplicatesPage() {
  const project = useProject();
  const base = `/projects/${project.projectId}`;
  const duplicates = useLoad(() => api.get<Duplicates>(`${base}/duplicates`), [base]);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      duplicates.reload();
    } catch (e) {
      setError(e);
    }
  };
  const run = (auto: boolean) =>
    act(async () => {
      const job = await api.post<Job>(`${base}/dedupe`, { auto });
      const done = await waitForJob(job.id, (j) => setStatus(`${j.label}: ${j.state}`));
      const summary = dedupeSummaryOf(done);
      setStatus(
        `Deduplication ${done.state}: ${counted(summary?.clusters ?? 0, 'cluster')}, ${counted(summary?.reviewPairs ?? 0, 'pair')} to review`,
      );
    });
  const owner = project.data?.myRole === 'owner';
  return (
    <Page
      title="Duplicates"
      actions={
        owner && (
          <span className="actions">
            <button type="button" onClick={() => void run(true)}>
              Find duplicates and merge the certain ones
            </button>
          </span>
        )
      }
    >
      <p className="muted" aria-live="polite">
        {status}
      </p>
      <ErrorNote error={error ?? duplicates.error} />
      {duplicates.loading && <Loading what="duplicates" />}
      {duplicates.data && (
        <>
          <h2>To review ({duplicates.data.pairs.length})</h2>
          {duplicates.data.pairs.length === 0 && <p className="muted">No pair waits for a decision.</p>}
          {groupReviewPairs(duplicates.data.pairs).map((group) =>
            group.title === undefined ? (
              <PairCard
                key={`${group.pairs[0]!.a.id}-${group.pairs[0]!.b.id}`}
                pair={group.pairs[0]!}
                act={act}
                base={base}
              />
            ) : (
              <details className="card pair-group" key={`group-${group.title}`}>
                <summary>
                  {counted(group.pairs.length, 'pair')} that share the title “{group.title}”: the title alone
                  brought them together
                </summary>
                <p className="actions">
                  <button
                    type="button"
                    onClick={() =>
                      void act(() =>
                        api.post(`${base}/duplicates/not-duplicate`, {
                          pairs: group.pairs.map(({ a, b }) => ({ a: a.id, b: b.id })),
                        }),
                      )
                    }
                  >
                    None of these {group.pairs.length} is a duplicate
                  </button>
                </p>
                {group.pairs.map((pair) => (
                  <PairCard key={`${pair.a.id}-${pair.b.id}`} pair={pair} act={act} base={base} />
                ))}
              </details>
            ),
          )}
          <h2>Merged ({duplicates.data.clusters.length})</h2>
          <ul className="list">
            {duplicates.data.clusters.map((c) => (
              <li key={c.id}>
                Cluster {c.id}: records {c.members.join(', ')} (kept: {c.canonicalRecordId};{' '}
                {c.automatic ? 'automatic' : 'manual'}, {c.rule}){' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => void act(() => api.post(`${base}/duplicates/${c.id}/undo`))}
                >
                  Undo
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
