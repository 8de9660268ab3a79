import { useState } from 'react';
import { api, type Codebook } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';

/**
 * The project's framework: each code list with its status (reconstructed lists say so), its codes, and for
 * owners the edits that make a new version (add, rename, merge, retire); old codings map forward.
 */
export function CodebookPage() {
  const project = useProject();
  const owner = project.data?.myRole === 'owner';
  const book = useLoad(
    () => api.get<Codebook>(`/projects/${project.projectId}/codebook`),
    [project.projectId],
  );
  const [error, setError] = useState<unknown>();
  const edit = async (body: Record<string, unknown>) => {
    try {
      await api.post(`/projects/${project.projectId}/codebook/edits`, body);
      setError(undefined);
      book.reload();
    } catch (e) {
      setError(e);
    }
  };
  if (book.loading && !book.data) return <Loading what="the framework" />;
  if (!book.data) return <ErrorNote error={book.error} />;
  const { framework, versions } = book.data;
  return (
    <Page title="Framework">
      <p>
        <strong>{framework.title}</strong> — {framework.id} version {framework.version} ·{' '}
        <a href={`/api/v1/schemas/framework.json`}>JSON Schema</a>
      </p>
      {framework.description && <p className="muted">{framework.description}</p>}
      <p className="muted small">
        Versions:{' '}
        {versions
          .map((v) => `v${v.version}${v.createdBy === 'twoway' ? ' (as shipped)' : ` by ${v.createdBy}`}`)
          .join(', ')}
      </p>
      <ErrorNote error={error} />
      {framework.dimensions.map((d) => (
        <section key={d.id} className="card dimension" aria-label={d.label}>
          <h2>
            {d.label} <span className={`badge ${d.status}`}>{d.status}</span>
            {d.incomplete && <span className="badge reconstructed">incomplete</span>}
          </h2>
          {d.statusNote && <p className="muted small">{d.statusNote}</p>}
          {d.source && <p className="muted small">Source: {d.source.citation}</p>}
          <table className="compact">
            <tbody>
              {d.codes.map((c) => (
                <tr key={c.id} className={c.retired ? 'retired' : ''}>
                  <td>
                    <code>{c.id}</code>
                  </td>
                  <td>
                    {c.label}
                    {c.retired ? ' (retired)' : ''}
                    {c.definition && <div className="muted small">{c.definition}</div>}
                  </td>
                  {owner && !c.retired && (
                    <td className="actions">
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          const label = prompt(`New label for “${c.label}”`, c.label);
                          if (label) void edit({ op: 'rename', dimension: d.id, code: c.id, label });
                        }}
                      >
                        rename
                      </button>
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          const into = prompt(
                            `Merge “${c.label}” into which code id? (${d.codes
                              .filter((o) => o.id !== c.id && !o.retired)
                              .map((o) => o.id)
                              .join(', ')})`,
                          );
                          if (into) void edit({ op: 'merge', dimension: d.id, code: c.id, into });
                        }}
                      >
                        merge
                      </button>
                      <button
                        type="button"
                        className="link"
                        onClick={() => void edit({ op: 'retire', dimension: d.id, code: c.id })}
                      >
                        retire
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {owner && (
            <AddCode onAdd={(id, label) => void edit({ op: 'add', dimension: d.id, code: { id, label } })} />
          )}
        </section>
      ))}
      {(framework.mappings ?? []).map((m) => (
        <p key={`${m.from}-${m.to}`} className="muted small">
          Mapping {m.from} → {m.to} <span className="badge reconstructed">{m.status}</span> {m.note}
        </p>
      ))}
    </Page>
  );
}

function AddCode({ onAdd }: { onAdd: (id: string, label: string) => void }) {
  const [label, setLabel] = useState('');
  const id = label
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (id) onAdd(id, label.trim());
        setLabel('');
      }}
    >
      <input
        aria-label="New code"
        placeholder="a new code"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <button type="submit" disabled={!id}>
        Add
      </button>
    </form>
  );
}
