import { Link } from 'react-router';
import { roundOpen } from '../../src/domain/partnerships/reporting-policy.js';
import type { Round } from './api.js';

/**
 * A partnership's reporting rounds: period, how many partners have submitted, whether the round is open to read
 * (the policy's rule), a link to the divergence once it is, and the reader's own institution's report.
 */
export function RoundsTable({ rounds, memberOf }: { rounds: Round[]; memberOf: Set<number> }) {
  if (rounds.length === 0) return <p className="muted">No round yet.</p>;
  return (
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
        {rounds.map((r) => (
          <tr key={r.id}>
            <td>{r.id}</td>
            <td>
              {r.periodStart} – {r.periodEnd}
            </td>
            <td>
              {r.submitted.length} of {r.institutionIds.length} submitted
            </td>
            <td>
              {r.closed ? 'closed' : roundOpen(r) ? 'open to read' : 'blind until all have submitted'}
              {roundOpen(r) && (
                <>
                  {' · '}
                  <Link to={`/registry/rounds/${r.id}/divergence`}>Divergence</Link>
                </>
              )}
            </td>
            <td>
              {r.institutionIds
                .filter((i) => memberOf.has(i))
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
  );
}
