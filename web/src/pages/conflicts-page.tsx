import { useState } from 'react';
import { api, type Screen } from '../api.js';
import { mayResolve } from '../../../src/domain/screening/policy.js';
import { RecordCard } from '../record-card.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

/** Records where reviewers disagree (or said maybe), resolved by an owner or a third reviewer. */
export function ConflictsPage() {
  const project = useProject();
  const [stage, setStage] = useState<'title-abstract' | 'full-text'>('title-abstract');
  const conflicts = useLoad(
    () => api.get<Screen[]>(`/projects/${project.projectId}/conflicts?stage=${stage}`),
    [project.projectId, stage],
  );
  const [error, setError] = useState<unknown>();
  const [reason, setReason] = useState<Record<number, string>>({});
  const resolve = async (recordId: number, value: 'include' | 'exclude') => {
    try {
      await api.post(`/projects/${project.projectId}/resolutions`, {
        recordId,
        stage,
        value,
        ...(reason[recordId] ? { reason: reason[recordId] } : {}),
      });
      conflicts.reload();
    } catch (e) {
      setError(e);
    }
  };
  const reasons = project.data?.protocol.exclusionReasons ?? [];
  const me = useSession().account?.username ?? '';
  return (
    <Page
      title="Conflicts"
      actions={
        <select aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value as typeof stage)}>
          <option value="title-abstract">Title and abstract</option>
          <option value="full-text">Full text</option>
        </select>
      }
    >
      <ErrorNote error={error ?? conflicts.error} />
      {conflicts.loading && <Loading what="conflicts" />}
      {conflicts.data?.length === 0 && <p className="muted">No conflicts at this stage.</p>}
      {project.data?.protocol.screening.blind && project.data.myRole !== 'owner' && (
        <p className="muted">
          Screening is blind: a conflict on a record you voted on is not listed here (it would tell you how
          the other reviewer voted); an owner or a reviewer who did not vote resolves it.
        </p>
      )}
      {conflicts.data?.map(({ record, status }) => (
        <div className="card conflict" key={record.id}>
          <RecordCard record={record} />
          <p>
            Votes:{' '}
            {status.votes.map((v) => (
              <span key={v.reviewer} className={`vote ${v.value}`}>
                {v.reviewer}: {v.value}
                {v.reason ? ` (${v.reason})` : ''}
                {v.note ? ` — note: ${v.note}` : ''}
              </span>
            ))}
          </p>
          {!mayResolve(project.data?.myRole, me, status.votes) ? (
            <p className="muted">
              {project.data?.myRole === 'viewer'
                ? 'Viewers read conflicts; a reviewer who did not vote, or an owner, resolves them.'
                : 'You voted on this record: a reviewer who did not, or an owner, resolves it.'}
            </p>
          ) : (
            <div className="actions">
              <button type="button" className="include" onClick={() => void resolve(record.id, 'include')}>
                Resolve: include
              </button>
              {reasons.length > 0 && (
                <select
                  aria-label="Exclusion reason"
                  value={reason[record.id] ?? ''}
                  onChange={(e) => setReason({ ...reason, [record.id]: e.target.value })}
                >
                  <option value="">Reason…</option>
                  {reasons.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              )}
              <button type="button" className="exclude" onClick={() => void resolve(record.id, 'exclude')}>
                Resolve: exclude
              </button>
            </div>
          )}
        </div>
      ))}
    </Page>
  );
}
