import { useState } from 'react';
import { api, type AgreementPair, type CodingAgreement } from '../api.js';
import { mayReadAgreement } from '../../../src/domain/screening/policy.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

const fixed = (x: number | null, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits));

/** Agreement between each pair of reviewers at a stage. */
export function AgreementPage() {
  const project = useProject();
  const [stage, setStage] = useState('title-abstract');
  // the policy's rule: while screening is blind, agreement would tell a reviewer how the others voted
  const allowed = project.data ? mayReadAgreement(project.data.myRole, project.data.protocol) : false;
  const pairs = useLoad(
    async () =>
      allowed ? api.get<AgreementPair[]>(`/projects/${project.projectId}/agreement?stage=${stage}`) : [],
    [project.projectId, stage, allowed],
  );
  return (
    <Page
      title="Agreement"
      actions={
        <select aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value)}>
          <option value="title-abstract">Title and abstract</option>
          <option value="full-text">Full text</option>
        </select>
      }
    >
      <p className="muted">
        Percent agreement, Cohen’s kappa and Gwet’s AC1 over the records both reviewers decided.
      </p>
      {project.data && !allowed && (
        <p className="muted">
          Screening is blind: the agreement tables would tell you how the others voted, so only the project’s
          owners read them until screening is no longer blind.
        </p>
      )}
      {pairs.loading && <Loading what="agreement" />}
      <ErrorNote error={pairs.error} />
      {allowed && pairs.data && (
        <table className="compact">
          <thead>
            <tr>
              <th>Reviewers</th>
              <th>Records</th>
              <th>Agreement</th>
              <th>Kappa</th>
              <th>AC1</th>
            </tr>
          </thead>
          <tbody>
            {pairs.data.map((p) => (
              <tr key={p.reviewers.join()}>
                <td>{p.reviewers.join(' & ')}</td>
                <td>{p.n}</td>
                <td>{p.percent === null ? 'n/a' : `${(p.percent * 100).toFixed(1)} %`}</td>
                <td>{fixed(p.kappa)}</td>
                <td>{fixed(p.ac1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CodingAgreementTable />
    </Page>
  );
}

/** Agreement of the independent coders, per field and per code, over the studies all their coders coded. */
function CodingAgreementTable() {
  const project = useProject();
  const coding = useLoad(
    () => api.get<CodingAgreement>(`/projects/${project.projectId}/coding-agreement`),
    [project.projectId],
  );
  if (!coding.data) return <ErrorNote error={coding.error} />;
  return (
    <section aria-label="Coding agreement">
      <h2>Coding</h2>
      <p className="muted">
        Over {coding.data.studies} {coding.data.studies === 1 ? 'study' : 'studies'} coded by all their
        coders. Many-value fields and the benefit items’ codes are judged code by code (present or absent in a
        study); Krippendorff’s alpha takes every (study, code) as a unit.
      </p>
      <table className="compact">
        <thead>
          <tr>
            <th>Field</th>
            <th>Studies</th>
            <th>Agreement</th>
            <th>Kappa</th>
            <th>Alpha</th>
          </tr>
        </thead>
        <tbody>
          {coding.data.fields.map((f) => (
            <tr key={f.key}>
              <td>
                <details>
                  <summary>{f.label}</summary>
                  <ul className="small">
                    {f.codes.map((c) => (
                      <li key={c.code}>
                        {c.label}: {c.percent === null ? 'n/a' : `${(c.percent * 100).toFixed(0)} %`}, kappa{' '}
                        {fixed(c.kappa)}
                      </li>
                    ))}
                  </ul>
                </details>
              </td>
              <td>{f.studies}</td>
              <td>{f.percent === null ? 'n/a' : `${(f.percent * 100).toFixed(1)} %`}</td>
              <td>{fixed(f.kappa)}</td>
              <td>{fixed(f.alpha)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
