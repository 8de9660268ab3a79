import type { Mutuality } from '../../../src/domain/partnerships/two-way-analysis.js';
import type { Partnership } from '../../../src/domain/partnerships/partnership.js';
import { Link } from 'react-router';
import { api, type Round } from '../api.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

type PartnershipView = Partnership & { rounds: Round[] };

const SIDE_LABEL = {
  'high-income': 'high-income',
  'low-middle-income': 'low/middle-income',
  unknown: 'side unknown',
} as const;

/**
 * The partnership registry as its members read it: partnerships, each partner's side with the classification it
 * came from, the cycle, the rounds (who has submitted; blind until all have), mutuality and the business case.
 * Writing reports is done through the API and the CLI for now.
 */
export function RegistryPage() {
  const partnerships = useLoad(async () => {
    const list = await api.get<Partnership[]>('/partnerships');
    return Promise.all(list.map((p) => api.get<PartnershipView>(`/partnerships/${p.id}`)));
  }, []);
  const mutuality = useLoad(() => api.get<Mutuality>('/mutuality'), []);
  const me = useLoad(
    () => api.get<{ grants: { role: string; institutionId?: number }[] }>('/registry/me'),
    [],
  );
  const mine = new Set(
    (me.data?.grants ?? []).filter((g) => g.role === 'member').map((g) => g.institutionId),
  );
  if (partnerships.loading && !partnerships.data) return <Loading what="the registry" />;
  if (partnerships.error) return <ErrorNote error={partnerships.error} />;
  return (
    <Page
      title="Partnership registry"
      actions={
        <span className="actions">
          <a href="/api/v1/business-case?format=html" target="_blank" rel="noreferrer">
            Business case
          </a>
          <a href="/api/v1/business-case?format=pdf">Business case (PDF)</a>
        </span>
      }
    >
      {mutuality.data && (
        <section className="card" aria-label="Mutuality">
          <h2>Mutuality across the registry</h2>
          <p>
            To the high-income side {mutuality.data.counts.to_high_income}, to the low/middle-income side{' '}
            {mutuality.data.counts.to_low_middle_income}, mutual {mutuality.data.counts.mutual} · index{' '}
            <strong>{mutuality.data.index === null ? 'n/a' : mutuality.data.index.toFixed(2)}</strong>
          </p>
          <p className="muted small">{mutuality.data.formula}. Rounds still blind are not counted.</p>
        </section>
      )}
      {partnerships.data?.length === 0 && (
        <p className="muted">No partnership yet (`twoway demo` loads an example registry).</p>
      )}
      {partnerships.data?.map((p) => (
        <section key={p.id} className="card" aria-label={p.title}>
          <h2>{p.title}</h2>
          <p className="muted">
            {p.programme.toUpperCase()} · from {p.startDate}
            {p.endDate ? ` to ${p.endDate}` : ''} · step:{' '}
            {p.cycle.at(-1)?.step.replace(/_/g, ' ') ?? 'none yet'}
          </p>
          <ul>
            {p.institutions.map((i) => (
              <li key={i.id}>
                {i.name} ({i.country}) <span className={`badge side ${i.side}`}>{SIDE_LABEL[i.side]}</span>{' '}
                <span className="muted small">
                  {i.overrideReason
                    ? `set by a coordinator: ${i.overrideReason}`
                    : `${i.classification.group ?? 'unclassified'} in World Bank data year ${i.classification.dataYear ?? '—'}`}
                </span>
              </li>
            ))}
          </ul>
          {p.rounds.length > 0 && (
            <table className="compact">
              <thead>
                <tr>
                  <th>Round</th>
                  <th>Period</th>
                  <th>Reports</th>
                  <th>State</th>
                  <th>Your report</th>
                </tr>
              </thead>
              <tbody>
                {p.rounds.map((r) => (
                  <tr key={r.id}>
                    <td>{r.id}</td>
                    <td>
                      {r.periodStart} – {r.periodEnd}
                    </td>
                    <td>
                      {r.submitted.length} of {r.institutionIds.length} submitted
                    </td>
                    <td>
                      {r.closed
                        ? 'closed'
                        : r.institutionIds.every((i) => r.submitted.includes(i))
                          ? 'open to read'
                          : 'blind until all have submitted'}
                    </td>
                    <td>
                      {r.institutionIds
                        .filter((i) => mine.has(i))
                        .map((i) => (
                          <Link key={i} to={`/registry/rounds/${r.id}/report/${i}`}>
                            {r.submitted.includes(i) ? 'see or correct' : 'write'}
                          </Link>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </Page>
  );
}
