import { Link, useParams } from 'react-router';
import type { Claim, Divergence, PrincipleView } from '../../../src/domain/partnerships/two-way-analysis.js';
import { api, type Framework } from '../api.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

/**
 * Where the two sides' reports of a round differ (the ESTHER EFFECt idea): benefits one side claims for the
 * other that the other does not report, the claims both confirm, and THET's principles with the lowest
 * averages and the widest gaps between the partners first. Open once every partner has submitted.
 */
export function DivergencePage() {
  const roundId = Number(useParams().roundId);
  const divergence = useLoad(() => api.get<Divergence>(`/rounds/${roundId}/divergence`), [roundId]);
  const benefits = useLoad(() => api.get<Framework>('/frameworks/twoway-benefits'), []);
  if (!divergence.data)
    return divergence.error ? <ErrorNote error={divergence.error} /> : <Loading what="the divergence" />;
  const d = divergence.data;
  const blockLabel = (code: string) =>
    benefits.data?.dimensions.find((x) => x.id === 'building_block')?.codes.find((c) => c.id === code)
      ?.label ?? code;
  return (
    <Page title={`Divergence: round ${roundId}`}>
      <p className="muted">
        <Link to="/registry">Partnerships</Link> · What each side said independently, side by side.
      </p>
      <section className="card" aria-label="Claimed, not reported">
        <h2>Claimed for the other side, not reported by it ({d.claimedNotReported.length})</h2>
        <Claims
          claims={d.claimedNotReported}
          blockLabel={blockLabel}
          empty="None: every claim is confirmed."
        />
      </section>
      <section className="card" aria-label="Reported by both">
        <h2>Reported by both ({d.confirmed.length})</h2>
        <Claims
          claims={d.confirmed}
          blockLabel={blockLabel}
          empty="No claim is confirmed by the other side."
        />
      </section>
      <section className="card" aria-label="Widest gaps">
        <h2>THET principles: the widest gaps first</h2>
        <Principles views={d.widestGaps} />
      </section>
      <section className="card" aria-label="Lowest averages">
        <h2>THET principles: the lowest averages first</h2>
        <Principles views={d.lowestAverages} />
      </section>
    </Page>
  );
}

function Claims({
  claims,
  blockLabel,
  empty,
}: {
  claims: Claim[];
  blockLabel: (code: string) => string;
  empty: string;
}) {
  if (claims.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th>Claimed by</th>
          <th>For</th>
          <th>Benefit</th>
          <th>Building blocks / learning areas</th>
        </tr>
      </thead>
      <tbody>
        {claims.map((c, i) => (
          <tr key={i}>
            <td>{c.by}</td>
            <td>{c.for}</td>
            <td>{c.description}</td>
            <td>{[...c.buildingBlocks.map(blockLabel), ...c.learningAreas].join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Principles({ views }: { views: PrincipleView[] }) {
  if (views.length === 0) return <p className="muted">Neither side assessed the partnership.</p>;
  const institutions = [...new Set(views.flatMap((v) => Object.keys(v.scores)))];
  return (
    <div className="scroll">
      <table className="compact">
        <thead>
          <tr>
            <th>Principle</th>
            {institutions.map((i) => (
              <th key={i}>{i}</th>
            ))}
            <th>Average</th>
            <th>Gap</th>
            <th>Comments</th>
          </tr>
        </thead>
        <tbody>
          {views.map((v) => (
            <tr key={v.principle}>
              <td>{v.label}</td>
              {institutions.map((i) => (
                <td key={i}>{v.scores[i] ?? '—'}</td>
              ))}
              <td>{v.average.toFixed(1)}</td>
              <td>{v.gap}</td>
              <td>
                {Object.entries(v.comments).map(([who, text]) => (
                  <div key={who}>
                    {who}: {text}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
