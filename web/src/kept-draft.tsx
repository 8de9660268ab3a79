import { useEffect, useState } from 'react';
import { ErrorNote } from './ui.js';

/**
 * A form's value kept in the browser until it is saved, so that nothing typed is lost when a save fails or the
 * tab reloads; Ctrl+S saves a draft and Ctrl+Enter submits (when `keys` is on). The coding page and the report
 * form both write through it.
 */
export function useKeptDraft<T>(options: {
  /** Where the browser keeps the copy (one per form and person). */
  key: string;
  /** The stored value once loaded (undefined while loading); the form starts from it unless a copy is kept. */
  stored: T | undefined;
  /** Changes when the stored value is read again (the form is then reset from it or the kept copy). */
  loaded: unknown;
  empty: T;
  /** Sends the value; throws when the server refuses it. */
  send: (value: T, submit: boolean) => Promise<void>;
  keys: boolean;
}) {
  const { key, stored, loaded, empty, send, keys } = options;
  const [value, setValue] = useState<T>(empty);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (loaded === undefined) return;
    const kept = readKept<T>(key);
    setValue(kept ?? stored ?? empty);
    // a reload after a save must not wipe what the save said ("submitted"): only a restored copy is news
    if (kept) setStatus('restored your unsaved changes');
  }, [loaded]); // only when the stored value is (re)loaded, not on every keystroke
  const change = (next: T) => {
    setValue(next);
    localStorage.setItem(key, JSON.stringify(next));
    setStatus('unsaved changes');
  };
  const save = async (submit: boolean) => {
    try {
      await send(value, submit);
      localStorage.removeItem(key);
      setStatus(submit ? 'submitted' : 'draft saved');
      setError(undefined);
    } catch (e) {
      // the typed work stays in the form and in the browser's copy
      setError(e);
      setStatus('not saved: your changes are kept in this browser');
    }
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !keys) return;
      if (event.key === 's') {
        event.preventDefault();
        void save(false);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        void save(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return { value, change, save, status, error };
}

function readKept<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The save buttons under a kept draft: save a draft (until submitted), submit, and what happened. */
export function SaveBar({
  draft,
  submitted,
  submitLabel,
}: {
  draft: { save: (submit: boolean) => Promise<void>; status: string; error: unknown };
  submitted: boolean;
  submitLabel: string;
}) {
  return (
    <>
      <div className="actions sticky">
        {!submitted && (
          <button type="button" onClick={() => void draft.save(false)}>
            Save draft
          </button>
        )}
        <button type="button" className="primary" onClick={() => void draft.save(true)}>
          {submitLabel}
        </button>
        <span className="muted" aria-live="polite">
          {draft.status}
        </span>
      </div>
      <ErrorNote error={draft.error} />
    </>
  );
}
