import { api, type Dashboard } from '../api.js';
import { useProject } from '../use-project.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { PrioritisationPanel } from './prioritisation-panel.js';
import { DASHBOARD_PRISMA_ROWS, PRISMA_LABELS } from '../../../src/domain/synthesis/prisma-labels.js';
import { excludedByOtherMethods } from '../../../src/domain/synthesis/prisma.js';
import { counted } from '../../../src/domain/text/counted.js';

const STATE_LABELS: [string, string][] = [
  ['unscreened', 'Unscreened'],
  ['awaiting-second', 'Awaiting a second reviewer'],
  ['maybe', 'Maybe'],
  ['conflict', 'Conflict'],
  ['included', 'Included'],
  ['excluded', 'Excluded'],
];

export function DashboardPage() {
  const project = useProject();
  const dashboard = useLoad(
    () => api.get<Dashboard>(`/projects/${project.projectId}/dashboard`),
    [project.projectId],
  );
  if (project.loading || dashboard.loading) return <Loading what="the project" />;
  if (!project.data || !dashboard.data) return <ErrorNote error={project.error ?? dashboard.error} />;
  const { stages, reviewers, prisma, prismaSvg } = dashboard.data;
  return (
    <Page title={project.data.title}>
      {project.data.question && <p className="question">{project.data.question}</p>}
      <div className="grid">
        {stages.map((s) => (
          <div className="card" key={s.stage}>
            <h2>{s.stage === 'title-abstract' ? 'Title and abstract' : 'Full text'}</h2>
            <p>
              <strong>{s.records}</strong> records
            </p>
            <table className="compact">
              <tbody>
                {STATE_LABELS.map(([key, label]) => (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    <td data-state={key}>{s.states[key] ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {s.stage === 'title-abstract' && excludedByOtherMethods(s.states.excluded ?? 0, prisma) > 0 && (
              <p className="muted" data-testid="prisma-gap">
                PRISMA’s “Records excluded” is {prisma.records_excluded}: it counts the records from databases
                and registers.{' '}
                {counted(excludedByOtherMethods(s.states.excluded ?? 0, prisma), 'excluded record')} came from
                other methods (websites, organisations, citation searching), which the PRISMA 2020 diagram
                reports in its right-hand column.
              </p>
            )}
            {s.records > 0 && (
              <progress
                max={s.records}
                value={s.records - (s.states.unscreened ?? 0)}
                aria-label={`${s.stage} progress`}
              />
            )}
          </div>
        ))}
        <div className="card">
          <h2>Progress per reviewer</h2>
          {reviewers.length === 0 ? (
            <p className="muted">No decisions yet.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th>Reviewer</th>
                  <th>Stage</th>
                  <th>Decided</th>
                </tr>
              </thead>
              <tbody>
                {reviewers.map((r) => (
                  <tr key={`${r.reviewer}-${r.stage}`}>
                    <td>{r.reviewer}</td>
                    <td>{r.stage}</td>
                    <td>{r.decided}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <PrioritisationPanel
        projectId={project.projectId}
        projectTitle={project.data.title}
        owner={project.data.myRole === 'owner'}
      />
      <h2>PRISMA 2020</h2>
      <p className="actions">
        <a href={`/api/v1/projects/${project.projectId}/prisma?format=svg`} target="_blank" rel="noreferrer">
          Open the diagram full size
        </a>
        <a href={`/api/v1/projects/${project.projectId}/prisma?format=svg`} download="prisma-2020.svg">
          SVG
        </a>
        <a href={`/api/v1/projects/${project.projectId}/prisma?format=png`} download="prisma-2020.png">
          PNG
        </a>
        <a href={`/api/v1/projects/${project.projectId}/prisma?format=csv`} download="prisma-2020.csv">
          CSV (PRISMA2020 R template)
        </a>
      </p>
      <div className="prisma">
        <table className="compact" aria-label="PRISMA 2020 counts">
          <tbody>
            {DASHBOARD_PRISMA_ROWS.map((key) => (
              <tr key={key}>
                <th scope="row">{PRISMA_LABELS[key].description}</th>
                <td data-prisma={key}>{String(prisma[key] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(prismaSvg)}`}
          alt="PRISMA 2020 flow diagram of this project"
        />
      </div>
    </Page>
  );
}
