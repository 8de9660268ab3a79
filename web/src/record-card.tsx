import type { RecordView } from './api.js';
import { Highlighted } from './ui.js';

/** A record as screeners read it: title, authors, source, abstract, keywords and MeSH, with highlight words. */
export function RecordCard({
  record,
  highlights,
}: {
  record: RecordView;
  highlights?: { include: string[]; exclude: string[] };
}) {
  const hl = { include: highlights?.include ?? [], exclude: highlights?.exclude ?? [] };
  const source = [
    record.journal,
    record.year,
    record.volume && `${record.volume}${record.issue ? `(${record.issue})` : ''}`,
    record.pages,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <article className="record" aria-label="Record">
      <h2 className="record-title">
        <Highlighted text={record.title || '(no title)'} {...hl} />
      </h2>
      {record.authors.length > 0 && <p className="authors">{record.authors.join('; ')}</p>}
      {source && <p className="muted">{source}</p>}
      <div className="abstract">
        {record.abstract ? (
          <Highlighted text={record.abstract} {...hl} />
        ) : (
          <span className="muted">No abstract.</span>
        )}
      </div>
      {record.keywords.length > 0 && (
        <p>
          <strong>Keywords:</strong> <Highlighted text={record.keywords.join('; ')} {...hl} />
        </p>
      )}
      {record.mesh.length > 0 && (
        <p>
          <strong>MeSH:</strong>{' '}
          {record.mesh.map((m, i) => (
            <span key={i} className={m.major ? 'mesh major' : 'mesh'}>
              {m.descriptor}
              {m.major ? '*' : ''}
            </span>
          ))}
        </p>
      )}
      <p className="links">
        {record.doi && (
          <a
            href={`https://doi.org/${encodeURIComponent(record.doi).replace(/%2F/g, '/')}`}
            target="_blank"
            rel="noreferrer noopener"
          >
            doi:{record.doi}
          </a>
        )}
        {record.pmid && (
          <a
            href={`https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(record.pmid)}/`}
            target="_blank"
            rel="noreferrer noopener"
          >
            PMID {record.pmid}
          </a>
        )}
        {/^https?:\/\//i.test(record.url) && (
          <a href={record.url} target="_blank" rel="noreferrer noopener">
            Full text link
          </a>
        )}
      </p>
    </article>
  );
}
