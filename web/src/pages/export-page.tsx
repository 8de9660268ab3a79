import { useState } from 'react';
import { EXPORT_FORMATS } from '../api.js';
import { useProject } from '../use-project.js';
import { Page } from '../ui.js';

/** Downloads: records in any writer format (duplicates merged), and the PRISMA 2020 flow. */
export function ExportPage() {
  const { projectId } = useProject();
  const [format, setFormat] = useState<string>('ris');
  const [stage, setStage] = useState('');
  const base = `/api/v1/projects/${projectId}`;
  return (
    <Page title="Export">
      <div className="card">
        <h2>Records</h2>
        <span className="actions">
          <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
          <select aria-label="Which records" value={stage} onChange={(e) => setStage(e.target.value)}>
            <option value="">All records</option>
            <option value="title-abstract">Included at title/abstract</option>
            <option value="included">Included after full text</option>
          </select>
          <a
            className="button"
            href={`${base}/export?format=${format}${stage ? `&stage=${stage}` : ''}`}
            download
          >
            Download
          </a>
        </span>
      </div>
      <div className="card">
        <h2>PRISMA 2020 flow diagram</h2>
        <span className="actions">
          <a className="button" href={`${base}/prisma?format=svg&download=true`} download>
            SVG
          </a>
          <a className="button" href={`${base}/prisma?format=png&download=true`} download>
            PNG
          </a>
          <a className="button" href={`${base}/prisma?format=csv&download=true`} download>
            CSV (PRISMA2020 R template)
          </a>
          <a className="button" href={`${base}/prisma?format=json&download=true`} download>
            JSON
          </a>
        </span>
      </div>
    </Page>
  );
}
