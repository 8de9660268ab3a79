import { useEffect, useState, type FormEvent } from 'react';
import { api, type BulkAnswer, type Tag } from './api.js';
import { ErrorNote } from './ui.js';

/**
 * A record's tags on the screening page: the team's labels ("RCT", "ask Ana"), shown to every member; owners
 * and reviewers add one (a new name makes the tag) or take one off.
 */
export function RecordTags({
  projectId,
  recordId,
  tags,
  canTag,
}: {
  projectId: number;
  recordId: number;
  tags: string[];
  canTag: boolean;
}) {
  const [shown, setShown] = useState(tags);
  const [name, setName] = useState('');
  const [known, setKnown] = useState<Tag[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => setShown(tags), [recordId, tags]);
  useEffect(() => {
    if (canTag) void api.get<Tag[]>(`/projects/${projectId}/tags`).then(setKnown, () => undefined);
  }, [projectId, canTag]);
  const change = async (tag: string, remove: boolean) => {
    try {
      const path = `/projects/${projectId}/records/${recordId}/tags?tag=${encodeURIComponent(tag)}`;
      await (remove ? api.del<BulkAnswer>(path) : api.post<BulkAnswer>(path));
      const key = tag.trim().toLocaleLowerCase('en');
      setShown((s) =>
        remove
          ? s.filter((t) => t.toLocaleLowerCase('en') !== key)
          : s.some((t) => t.toLocaleLowerCase('en') === key)
            ? s
            : [...s, tag.trim()].sort((a, b) => a.localeCompare(b, 'en')),
      );
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    void change(name, false).then(() => setName(''));
  };
  const listId = `tags-${projectId}`;
  return (
    <div className="record-tags" aria-label="Tags">
      {shown.length === 0 && <span className="muted">No tags</span>}
      {shown.map((t) => (
        <span key={t} className="tag">
          {t}
          {canTag && (
            <button
              type="button"
              className="link"
              aria-label={`Take off tag ${t}`}
              onClick={() => void change(t, true)}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {canTag && (
        <form className="inline" onSubmit={add}>
          <input
            aria-label="Add a tag"
            placeholder="Add a tag"
            list={listId}
            maxLength={40}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <datalist id={listId}>
            {known.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
          <button type="submit" disabled={!name.trim()}>
            Tag
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
