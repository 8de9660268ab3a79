import { useEffect, useState } from 'react';
import { api, type Retrieval } from './api.js';
import { ErrorNote } from './ui.js';

/** The full-text stage's slot: whether the report was obtained and where it is (a link or a file's place). */
export function FullTextSlot({
  projectId,
  recordId,
  retrieval,
}: {
  projectId: number;
  recordId: number;
  retrieval: Retrieval | null;
}) {
  const [status, setStatus] = useState<Retrieval['status']>(retrieval?.status ?? 'retrieved');
  const [location, setLocation] = useState(retrieval?.location ?? '');
  const [saved, setSaved] = useState(retrieval ? `said by ${retrieval.reviewer}` : '');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setStatus(retrieval?.status ?? 'retrieved');
    setLocation(retrieval?.location ?? '');
    setSaved(retrieval ? `said by ${retrieval.reviewer}` : '');
  }, [recordId, retrieval]);
  const save = async () => {
    try {
      await api.put(`/projects/${projectId}/records/${recordId}/retrieval`, {
        status,
        ...(location.trim() ? { location: location.trim() } : {}),
      });
      setSaved('saved');
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const link = /^https?:\/\//i.test(location.trim()) ? location.trim() : '';
  return (
    <fieldset className="full-text">
      <legend>Full text</legend>
      <span className="actions">
        <select
          aria-label="Full text obtained"
          value={status}
          onChange={(e) => setStatus(e.target.value as Retrieval['status'])}
        >
          <option value="retrieved">Obtained</option>
          <option value="not-retrieved">Could not be obtained</option>
        </select>
        <input
          aria-label="Where the full text is (link or file)"
          placeholder="Link or file"
          value={location}
          onChange={(e) => setLocation(e.target.value)}
        />
        <button type="button" onClick={() => void save()}>
          Save
        </button>
        {link && (
          <a href={link} target="_blank" rel="noreferrer noopener">
            Open
          </a>
        )}
        <span className="muted">{saved}</span>
      </span>
      <ErrorNote error={error} />
    </fieldset>
  );
}
