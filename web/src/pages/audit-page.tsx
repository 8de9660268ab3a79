import { api, type AuditEvent } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

/** Who did what in the project (owners). */
export function AuditPage() {
  const { projectId } = useProject();
  const log = useLoad(() => api.get<AuditEvent[]>(`/projects/${projectId}/audit?limit=200`), [projectId]);
  return (
    <Page title="Audit log">
      {log.loading && <Loading what="the audit log" />}
      <ErrorNote error={log.error} />
      <table className="wide">
        <tbody>
          {log.data?.map((e) => (
            <tr key={e.id}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>
                <code>{JSON.stringify(e.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
