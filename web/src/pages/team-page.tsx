import { useState } from 'react';
import { api, type InvitationCreated, type Role } from '../api.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

/** Members and their roles; owners invite people by link and change roles. */
export function TeamPage() {
  const project = useProject();
  const [role, setRole] = useState<Role>('reviewer');
  const [link, setLink] = useState('');
  const [error, setError] = useState<unknown>();
  if (project.loading) return <Loading what="the team" />;
  if (!project.data) return <ErrorNote error={project.error} />;
  const owner = project.data.myRole === 'owner';
  const invite = async () => {
    try {
      const made = await api.post<InvitationCreated>('/invitations', { projectId: project.projectId, role });
      setLink(`${window.location.origin}${made.path}`);
    } catch (e) {
      setError(e);
    }
  };
  const setMemberRole = async (username: string, newRole: Role) => {
    try {
      await api.put(`/projects/${project.projectId}/members/${encodeURIComponent(username)}`, {
        role: newRole,
      });
      project.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Team">
      <table className="compact">
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {project.data.members.map((m) => (
            <tr key={m.reviewer}>
              <td>{m.reviewer}</td>
              <td>
                {owner ? (
                  <select
                    aria-label={`Role of ${m.reviewer}`}
                    value={m.role}
                    onChange={(e) => void setMemberRole(m.reviewer, e.target.value as Role)}
                  >
                    <option>owner</option>
                    <option>reviewer</option>
                    <option>viewer</option>
                  </select>
                ) : (
                  m.role
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {owner && (
        <div className="card">
          <h2>Invite someone</h2>
          <span className="actions">
            <select
              aria-label="Role to invite as"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              <option>reviewer</option>
              <option>viewer</option>
              <option>owner</option>
            </select>
            <button type="button" onClick={() => void invite()}>
              Create invitation link
            </button>
          </span>
          {link && (
            <p>
              Send this link (valid 14 days, usable once):{' '}
              <input
                className="link-box"
                readOnly
                value={link}
                aria-label="Invitation link"
                onFocus={(e) => e.target.select()}
              />
            </p>
          )}
        </div>
      )}
      <ErrorNote error={error} />
    </Page>
  );
}
