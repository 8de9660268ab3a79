import { lazy, Suspense, useEffect, useState } from 'react';
import { api, type FullTextFile, type Retrieval } from './api.js';
import { counted } from '../../src/domain/text/counted.js';
import { ErrorNote } from './ui.js';

/** pdf.js is loaded only when a PDF is shown (it is larger than the rest of the pages together). */
const PdfView = lazy(async () => ({ default: (await import('./pdf-view.js')).PdfView }));

/**
 * The full-text stage's slot: the record's PDF drawn beside it (attach one, replace it, take it off), and
 * whether the report was obtained and where it is when no PDF is kept here (a link or a file's place).
 * Attaching a PDF says the report was obtained (PRISMA's reports not retrieved follow).
 */
export function FullTextSlot({
  projectId,
  recordId,
  retrieval,
  fullText,
  canAttach,
}: {
  projectId: number;
  recordId: number;
  retrieval: Retrieval | null;
  fullText: FullTextFile | null;
  canAttach: boolean;
}) {
  const [status, setStatus] = useState<Retrieval['status']>(retrieval?.status ?? 'retrieved');
  const [location, setLocation] = useState(retrieval?.location ?? '');
  const [saved, setSaved] = useState(retrieval ? `said by ${retrieval.reviewer}` : '');
  const [pdf, setPdf] = useState<FullTextFile | null>(fullText);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setStatus(retrieval?.status ?? 'retrieved');
    setLocation(retrieval?.location ?? '');
    setSaved(retrieval ? `said by ${retrieval.reviewer}` : '');
    setPdf(fullText);
    setError(undefined);
  }, [recordId, retrieval, fullText]);
  const url = `/api/v1/projects/${projectId}/records/${recordId}/full-text`;
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
  const attach = async (file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const attached = await api.put<FullTextFile>(
        `/projects/${projectId}/records/${recordId}/full-text`,
        form,
      );
      setPdf(attached);
      setStatus('retrieved');
      setLocation(`PDF: ${attached.fileName}`);
      setSaved(`attached by ${attached.uploadedBy}`);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    try {
      await api.del(`/projects/${projectId}/records/${recordId}/full-text`);
      setPdf(null);
      setSaved('PDF taken off; the report still counts as obtained until you say otherwise');
    } catch (e) {
      setError(e);
    }
  };
  const link = /^https?:\/\//i.test(location.trim()) ? location.trim() : '';
  return (
    <fieldset className="full-text">
      <legend>Full text</legend>
      {canAttach && (
        <span className="actions">
          <label className="file-button">
            {pdf ? 'Replace the PDF' : 'Attach the PDF'}
            <input
              type="file"
              accept="application/pdf,.pdf"
              aria-label={pdf ? 'Replace the PDF' : 'Attach the PDF'}
              onChange={(e) => {
                void attach(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {pdf && (
            <button type="button" onClick={() => void remove()}>
              Take the PDF off
            </button>
          )}
          {pdf && (
            <span className="muted" data-testid="pdf-file">
              {pdf.fileName} · {counted(pdf.bytes, 'byte')} · attached by {pdf.uploadedBy}
            </span>
          )}
        </span>
      )}
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
      {pdf && (
        <Suspense fallback={<p className="muted">Loading the PDF viewer…</p>}>
          <PdfView key={pdf.sha256} url={url} title={pdf.fileName} />
        </Suspense>
      )}
    </fieldset>
  );
}
