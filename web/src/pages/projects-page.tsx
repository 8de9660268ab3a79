import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type Project, type ProjectListItem } from '../api.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

export function ProjectsPage() {
  const projects = useLoad(() => api.get<ProjectListItem[]>('/projects'), []);
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [template, setTemplate] = useState('');
  const templates = useLoad(
    () => api.get<{ id: string; title: string; description: string }[]>('/templates'),
    [],
  );
  const [error, setError] = useState<unknown>();
  const navigate = useNavigate();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const project = await api.post<Project>('/projects', {
        title,
        ...(question ? { question } : {}),
        ...(template ? { template } : {}),
      });
      navigate(`/projects/${project.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Projects">
      {projects.loading && <Loading what="projects" />}
      <ErrorNote error={projects.error} />
      {projects.data && projects.data.length === 0 && (
        <p className="muted">No project yet: create one below, or open an invitation link.</p>
      )}
      <ul className="list">
        {projects.data?.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}`}>{p.title}</Link> <span className="badge">{p.role}</span>
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(e) => void create(e)}>
        <h2>New project</h2>
        <label>
          Start from
          <select
            name="template"
            value={template}
            onChange={(e) => {
              setTemplate(e.target.value);
              const chosen = templates.data?.find((t) => t.id === e.target.value);
              if (chosen && !title) setTitle(chosen.title);
            }}
          >
            <option value="">an empty project</option>
            {templates.data?.map((t) => (
              <option key={t.id} value={t.id} title={t.description}>
                template: {t.title}
              </option>
            ))}
          </select>
        </label>
        {template && (
          <p className="muted small">{templates.data?.find((t) => t.id === template)?.description}</p>
        )}
        <label>
          Title
          <input
            name="title"
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Review question
          <textarea name="question" rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} />
        </label>
        <ErrorNote error={error} />
        <button type="submit">Create project</button>
      </form>
    </Page>
  );
}
