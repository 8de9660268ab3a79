import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  api,
  type Codebook,
  type CodingQueueEntry,
  type CodingView,
  type StudyCoding,
  type StudyCodingPage,
} from '../api.js';
import { CodingForm } from '../coding-form.js';
import { FullTextSlot } from '../full-text-slot.js';
import { RecordCard } from '../record-card.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { CodingComparison } from './coding-comparison.js';

const EMPTY: StudyCoding = { fields: {}, items: [] };
const STATE_LABEL = { none: 'to code', draft: 'draft', submitted: 'submitted' } as const;

/** The browser-kept copy of what a coder typed, so that nothing is lost when a save fails or the tab closes. */
function draftKey(projectId: number, recordId: number, coder: string): string {
  return `twoway-draft:${projectId}:${recordId}:${coder}`;
}

function readDraft(key: string): StudyCoding | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as StudyCoding) : undefined;
  } catch {
    return undefined;
  }
}

/** Studies to code: the list, and the study chosen, with its record, the form and, once all are in, the comparison. */
export function CodingPage() {
  const project = useProject();
  const { recordId } = useParams();
  const queue = useLoad(
    () => api.get<CodingQueueEntry[]>(`/projects/${project.projectId}/coding`),
    [project.projectId, recordId],
  );
  const codebook = useLoad(
    () => api.get<Codebook>(`/projects/${project.projectId}/codebook`),
    [project.projectId],
  );
  return (
    <Page title="Code studies">
      <p className="muted">
        Studies included at full text are coded against{' '}
        {codebook.data
          ? `${codebook.data.framework.title} (version ${codebook.data.framework.version})`
          : 'the framework'}
        .
        {project.data?.protocol.coding?.blind
          ? ' Coding is blind: you see the others’ codings once all coders have submitted.'
          : ''}{' '}
        Keys: Ctrl+S saves a draft, Ctrl+Enter submits.
      </p>
      <ErrorNote error={queue.error ?? codebook.error} />
      <div className="coding-layout">
        <nav className="study-list" aria-label="Studies to code">
          {queue.loading && !queue.data && <Loading what="studies" />}
          {queue.data?.length === 0 && <p className="muted">No study is included at full text yet.</p>}
          <ol>
            {queue.data?.map((q) => (
              <li key={q.recordId} className={String(q.recordId) === recordId ? 'current' : ''}>
                <Link to={`/projects/${project.projectId}/code/${q.recordId}`}>{q.citation}</Link>{' '}
                <span className={`badge ${q.mine}`}>{STATE_LABEL[q.mine]}</span>
                {q.consensus ? (
                  <span className="badge consensus">consensus</span>
                ) : q.complete ? (
                  <span className="badge">ready</span>
                ) : null}
                <div className="muted small">{q.title}</div>
              </li>
            ))}
          </ol>
        </nav>
        {recordId && codebook.data ? (
          <StudyCodingView
            key={recordId}
            recordId={Number(recordId)}
            codebook={codebook.data}
            onSaved={queue.reload}
          />
        ) : (
          <p className="muted">Choose a study.</p>
        )}
      </div>
    </Page>
  );
}

function StudyCodingView({
  recordId,
  codebook,
  onSaved,
}: {
  recordId: number;
  codebook: Codebook;
  onSaved: () => void;
}) {
  const project = useProject();
  const { account } = useSession();
  const navigate = useNavigate();
  const me = account?.username ?? '';
  const url = `/projects/${project.projectId}/coding/${recordId}`;
  const study = useLoad(() => api.get<StudyCodingPage>(url), [url]);
  const mayCode = project.data?.myRole === 'owner' || project.data?.myRole === 'reviewer';
  const key = draftKey(project.projectId, recordId, me);
  const [coding, setCoding] = useState<StudyCoding>(EMPTY);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  const mine: CodingView | undefined = study.data?.codings.find((c) => c.coder === me);
  useEffect(() => {
    if (!study.data) return;
    const draft = readDraft(key);
    setCoding(draft ?? mine?.coding ?? EMPTY);
    setStatus(draft ? 'restored your unsaved changes' : '');
  }, [study.data]); // only when the study is (re)loaded, not on every keystroke
  const change = (next: StudyCoding) => {
    setCoding(next);
    localStorage.setItem(key, JSON.stringify(next));
    setStatus('unsaved changes');
  };
  const save = async (submit: boolean) => {
    if (!study.data) return;
    try {
      await api.put(url, { coding, frameworkVersion: study.data.frameworkVersion, submit });
      localStorage.removeItem(key);
      setStatus(submit ? 'submitted' : 'draft saved');
      setError(undefined);
      study.reload();
      onSaved();
    } catch (e) {
      // the typed work stays in the form and in the browser's copy
      setError(e);
      setStatus('not saved: your changes are kept in this browser');
    }
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !mayCode) return;
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
  if (study.loading && !study.data) return <Loading what="the study" />;
  if (study.error) return <ErrorNote error={study.error} />;
  const data = study.data!;
  const submitted = mine?.submitted ?? false;
  return (
    <div className="study-coding">
      <div className="study-record">
        <RecordCard record={data.record} />
        <FullTextSlot projectId={project.projectId} recordId={data.recordId} retrieval={data.retrieval} />
        {data.hidden > 0 && (
          <p className="muted" role="status">
            {data.hidden} other coding{data.hidden === 1 ? ' is' : 's are'} hidden until all coders have
            submitted.
          </p>
        )}
        <details>
          <summary>History ({data.history.length})</summary>
          <ol className="small">
            {data.history.map((h) => (
              <li key={h.id}>
                {h.at.slice(0, 16).replace('T', ' ')} · {h.coder} · {h.kind} · framework v{h.frameworkVersion}
              </li>
            ))}
          </ol>
        </details>
      </div>
      <div className="study-form">
        {mayCode ? (
          <>
            <h2>Your coding {submitted ? <span className="badge submitted">submitted</span> : null}</h2>
            <CodingForm
              form={codebook.form}
              framework={codebook.framework}
              coding={coding}
              onChange={change}
            />
            <div className="actions sticky">
              {!submitted && (
                <button type="button" onClick={() => void save(false)}>
                  Save draft
                </button>
              )}
              <button type="button" className="primary" onClick={() => void save(true)}>
                {submitted ? 'Submit again' : 'Submit'}
              </button>
              <span className="muted" aria-live="polite">
                {status}
              </span>
            </div>
            <ErrorNote error={error} />
          </>
        ) : (
          <p className="muted">Viewers read the codings; coding is for the project’s reviewers and owners.</p>
        )}
        {data.complete && (
          <CodingComparison
            study={data}
            codebook={codebook}
            mayCode={mayCode}
            onRecorded={() => {
              study.reload();
              onSaved();
            }}
          />
        )}
        <p>
          <button
            type="button"
            className="link"
            onClick={() => navigate(`/projects/${project.projectId}/synthesis`)}
          >
            See the synthesis
          </button>
        </p>
      </div>
    </div>
  );
}
