import { useEffect, useRef, useState } from 'react';
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { ErrorNote } from './ui.js';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Pages drawn at most (a long report shows its first pages here; the whole file opens in a tab). */
const MAX_PAGES = 60;

/** One page of a PDF drawn on a canvas at `scale`. */
function PdfPage({ pdf, number, scale }: { pdf: PDFDocumentProxy; number: number; scale: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    void pdf.getPage(number).then((page) => {
      if (cancelled || !canvas.current) return;
      const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
      canvas.current.width = viewport.width;
      canvas.current.height = viewport.height;
      canvas.current.style.width = `${viewport.width / (window.devicePixelRatio || 1)}px`;
      task = page.render({ canvas: canvas.current, viewport });
      task.promise.catch(() => undefined); // a cancelled render (the page changed) is no error
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, number, scale]);
  return <canvas ref={canvas} className="pdf-page" aria-label={`Page ${number}`} data-testid="pdf-page" />;
}

/**
 * A PDF drawn in the page by pdf.js (no plug-in, no frame): its pages one under another, zoomable, with a link
 * that opens the whole file.
 */
export function PdfView({ url, title }: { url: string; title: string }) {
  const [pdf, setPdf] = useState<PDFDocumentProxy>();
  const [error, setError] = useState<unknown>();
  const [scale, setScale] = useState(1);
  useEffect(() => {
    setPdf(undefined);
    setError(undefined);
    const loading = getDocument({ url, withCredentials: true });
    loading.promise.then(setPdf, setError);
    return () => void loading.destroy();
  }, [url]);
  const pages = pdf ? Math.min(pdf.numPages, MAX_PAGES) : 0;
  return (
    <section className="pdf-view" aria-label={`Full text: ${title}`}>
      <div className="actions pdf-tools">
        <button type="button" onClick={() => setScale((s) => Math.max(0.5, s - 0.25))} aria-label="Zoom out">
          −
        </button>
        <span className="muted">{Math.round(scale * 100)} %</span>
        <button type="button" onClick={() => setScale((s) => Math.min(3, s + 0.25))} aria-label="Zoom in">
          +
        </button>
        {pdf && (
          <span className="muted">
            {pdf.numPages} page{pdf.numPages === 1 ? '' : 's'}
            {pdf.numPages > MAX_PAGES ? ` (the first ${MAX_PAGES} shown here)` : ''}
          </span>
        )}
        <a href={url} target="_blank" rel="noreferrer noopener">
          Open the PDF
        </a>
        <a href={`${url}?download=true`}>Download</a>
      </div>
      {error !== undefined && (
        <ErrorNote
          error={new Error(`The PDF could not be drawn here (${String(error)}); open it instead.`)}
        />
      )}
      <div className="pdf-pages">
        {pdf &&
          Array.from({ length: pages }, (_, i) => <PdfPage key={i} pdf={pdf} number={i + 1} scale={scale} />)}
      </div>
    </section>
  );
}
