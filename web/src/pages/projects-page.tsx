import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type Project, type ProjectListItem } from '../api.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

export function ProjectsPage() {
  const projects = useLoad(() => api.get<ProjectListItem[]>('/projects'), []);
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<unknown>();
  const navigate = useNavigate();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const project = await api.post<Project>('/projects', { title, ...(question ? { question } : {}) });
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
