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
import { SaveBar, useKeptDraft } from '../kept-draft.js';
import { CodingComparison } from './coding-comparison.js';

const EMPTY: StudyCoding = { fields: {}, items: [] };
const STATE_LABEL = { none: 'to code', draft: 'draft', submitted: 'submitted' } as const;

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
  const mine: CodingView | undefined = study.data?.codings.find((c) => c.coder === me);
  // what a coder types is kept in the browser until it is saved
  const draft = useKeptDraft<StudyCoding>({
    key: `twoway-draft:${project.projectId}:${recordId}:${me}`,
    stored: mine?.coding,
    loaded: study.data,
    empty: EMPTY,
    keys: mayCode,
    send: async (coding, submit) => {
      if (!study.data) return;
      await api.put(url, { coding, frameworkVersion: study.data.frameworkVersion, submit });
      study.reload();
      onSaved();
    },
  });
  if (study.loading && !study.data) return <Loading what="the study" />;
  if (study.error) return <ErrorNote error={study.error} />;
  const data = study.data!;
  const submitted = mine?.submitted ?? false;
  return (
    <div className="study-coding">
      <div className="study-record">
        <RecordCard record={data.record} />
        <FullTextSlot
          projectId={project.projectId}
          recordId={data.recordId}
          retrieval={data.retrieval}
          fullText={data.fullText}
          canAttach={project.data?.myRole !== 'viewer'}
        />
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
              coding={draft.value}
              onChange={draft.change}
            />
            <SaveBar
              draft={draft}
              submitted={submitted}
              submitLabel={submitted ? 'Submit again' : 'Submit'}
            />
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
