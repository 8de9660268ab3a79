import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type DecisionAnswer, type NextScreen, type Progress, type Screen, type Stage } from '../api.js';
import { FullTextSlot } from '../full-text-slot.js';
import { RecordCard } from '../record-card.js';
import { RecordTags } from '../record-tags.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { counted } from '../../../src/domain/text/counted.js';
import { exclusionNeedsReason } from '../../../src/domain/screening/policy.js';

const KEYS_HELP =
  'I include · E exclude (then 1–9 for the reason) · M maybe · U undo · N note · ← previous · → skip';

/** Keyboard-first screening, one record at a time. */
export function ScreeningPage() {
  const project = useProject();
  const [params, setParams] = useSearchParams();
  const stage = (params.get('stage') === 'full-text' ? 'full-text' : 'title-abstract') as Stage;
  const [screen, setScreen] = useState<Screen | null | undefined>();
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState('');
  const [choosingReason, setChoosingReasonState] = useState(false);
  // read by the key handler: a reason key pressed right after E must see the choice open, rendered or not
  const choosingRef = useRef(false);
  const setChoosingReason = useCallback((open: boolean) => {
    choosingRef.current = open;
    setChoosingReasonState(open);
  }, []);
  const [decided, setDecided] = useState<number[]>([]);
  const [seen, setSeen] = useState<number[]>([]);
  const [message, setMessage] = useState('');
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const base = `/projects/${project.projectId}`;
  const reasons = project.data?.protocol.exclusionReasons ?? [];
  // the domain's rule, as the store applies it to every decision
  const reasonRequired = project.data ? exclusionNeedsReason(project.data.protocol, stage) : false;
  const canScreen = project.data && project.data.myRole !== 'viewer';

  const [progress, setProgress] = useState<Progress>();
  /** Puts a record on the screen; the progress comes with it (a decision's answer) or is asked for. */
  const show = useCallback(
    async (load: Promise<Screen | NextScreen | DecisionAnswer>) => {
      try {
        const result = await load;
        const next = 'record' in result ? result : (result.screen ?? null);
        setScreen(next);
        setNote('');
        setChoosingReason(false);
        setError(undefined);
        if ('progress' in result && result.progress) setProgress(result.progress);
        else
          void api
            .get<Progress>(`${base}/screening/progress?stage=${stage}`)
            .then(setProgress, () => undefined);
      } catch (e) {
        setError(e);
      }
    },
    [base, stage],
  );
  const loadNext = useCallback(
    (after?: number) =>
      show(api.get<NextScreen>(`${base}/screening/next?stage=${stage}${after ? `&after=${after}` : ''}`)),
    [base, stage, show],
  );
  const open = useCallback(
    (recordId: number) => show(api.get<Screen>(`${base}/records/${recordId}/screen?stage=${stage}`)),
    [base, stage, show],
  );

  // a record asked for by its id (the record list's "re-decide") comes first, then the queue
  const asked = Number(params.get('record')) || undefined;
  useEffect(() => {
    if (!canScreen) return;
    if (asked) void open(asked);
    else void loadNext();
  }, [canScreen, loadNext, open, asked]);

  // a decision or an undo in flight: keys wait for its answer, so that a key acts on the record on the screen,
  // once (presses while the next record is on its way are dropped, not sent for a record never seen)
  const busy = useRef(false);
  const decide = useCallback(
    async (value: 'include' | 'exclude' | 'maybe', reason?: string) => {
      if (!screen || busy.current) return;
      busy.current = true;
      const recordId = screen.record.id;
      setChoosingReason(false);
      try {
        // one request a key press: the answer brings the next record and the progress
        const answer = api.post<DecisionAnswer>(`${base}/decisions?next=true`, {
          recordId,
          stage,
          value,
          ...(reason ? { reason } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
          // provenance: the ranking this record was shown from
          ...(screen.priority
            ? { shown: { modelVersion: screen.priority.modelVersion, rank: screen.priority.rank } }
            : {}),
        });
        await answer;
        setDecided((d) => [...d, recordId]);
        setSeen((s) => [...s, recordId]);
        await show(answer);
        // said once the next record is on the screen: the keys act on what is shown
        setMessage(`Record ${recordId}: ${value}${reason ? ` (${reason})` : ''}`);
      } catch (e) {
        setError(e);
      } finally {
        busy.current = false;
      }
    },
    [base, stage, screen, note, show],
  );

  const undo = useCallback(async () => {
    const last = decided[decided.length - 1];
    if (last === undefined || busy.current) return;
    busy.current = true;
    try {
      await api.post(`${base}/decisions`, { recordId: last, stage, value: 'retract' });
      setDecided((d) => d.slice(0, -1));
      await open(last);
      setMessage(`Record ${last}: decision undone`);
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
    }
  }, [base, stage, decided, open]);

  const onKey = (event: KeyboardEvent) => {
    // a key held down repeats: one decision a press
    if (event.repeat) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select') || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === 'Escape') (target as HTMLElement).blur();
      return;
    }
    const key = event.key.toLowerCase();
    if (choosingRef.current) {
      const n = Number(key);
      if (n >= 1 && n <= reasons.length) void decide('exclude', reasons[n - 1]);
      else if (key === '0' && !reasonRequired) void decide('exclude');
      else if (key === 'escape') setChoosingReason(false);
      return;
    }
    if (!screen) return;
    if (key === 'i') void decide('include');
    else if (key === 'e') {
      if (reasons.length > 0) setChoosingReason(true);
      else void decide('exclude');
    } else if (key === 'm') void decide('maybe');
    else if (key === 'u') void undo();
    else if (key === 'n') {
      event.preventDefault();
      noteRef.current?.focus();
    } else if (key === 'arrowright') {
      setSeen((s) => [...s, screen.record.id]);
      void loadNext(screen.record.id);
    } else if (key === 'arrowleft') {
      const previous = seen[seen.length - 1];
      if (previous !== undefined) {
        setSeen((s) => s.slice(0, -1));
        void open(previous);
      }
    } else return;
    event.preventDefault();
  };
  // one listener for the page's life, calling the handler of the latest render: set before the browser paints,
  // so a key pressed once a record is on the screen acts on that record
  const onKeyRef = useRef(onKey);
  useLayoutEffect(() => {
    onKeyRef.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (project.loading) return <Loading what="the project" />;
  if (!project.data) return <ErrorNote error={project.error} />;
  const { protocol } = project.data;
  return (
    <Page
      title="Screening"
      actions={
        <label className="inline">
          Stage{' '}
          <select value={stage} onChange={(e) => setParams({ stage: e.target.value })}>
            <option value="title-abstract">Title and abstract</option>
            <option value="full-text">Full text</option>
          </select>
        </label>
      }
    >
      {!canScreen && (
        <p className="muted">Viewers read the project; screening is for its reviewers and owners.</p>
      )}
      <p className="muted keys">{KEYS_HELP}</p>
      <p className="muted" aria-live="polite">
        {message}
        {decided.length > 0 && ` — ${decided.length} decided in this session`}
        {protocol.screening.blind &&
          ' — blind screening: you see your own votes only, and the state your vote gives a record, until an owner ends blind screening'}
      </p>
      {progress && (
        <p className="progress-line">
          You have decided {progress.decidedByMe}
          {stage === 'title-abstract' ? ` of ${counted(progress.records, 'record')}` : ' full texts'}
          {stage === 'title-abstract' && progress.records > 0 && (
            <progress max={progress.records} value={progress.decidedByMe} aria-label="Your progress" />
          )}
        </p>
      )}
      <ErrorNote error={error} />
      <div className="screening">
        <div>
          {screen === undefined && canScreen && <Loading what="the next record" />}
          {screen === null && <p className="done">Nothing left for you to screen at this stage.</p>}
          {screen && (
            <>
              <RecordCard
                record={screen.record}
                {...(protocol.highlights ? { highlights: protocol.highlights } : {})}
              />
              {stage === 'full-text' && (
                <FullTextSlot
                  projectId={project.projectId}
                  recordId={screen.record.id}
                  retrieval={screen.retrieval}
                  fullText={screen.fullText}
                  canAttach={Boolean(canScreen)}
                />
              )}
              {screen.priority && (
                <p className="priority" data-testid="priority">
                  Relevance score {screen.priority.score.toFixed(2)} · rank {screen.priority.rank} · model
                  version {screen.priority.modelVersion}
                </p>
              )}
              <RecordTags
                projectId={project.projectId}
                recordId={screen.record.id}
                tags={screen.tags}
                canTag={Boolean(canScreen)}
              />
              <p className="muted">
                Record {screen.record.id} · state {screen.status.state}
                {screen.status.votes.length > 0 &&
                  ` · votes: ${screen.status.votes.map((v) => `${v.reviewer} ${v.value}${v.note ? ` (note: ${v.note})` : ''}`).join(', ')}`}
              </p>
              {/* the decisions stay in view at the window's foot however long the abstract (a phone too) */}
              <div className="decision-dock" role="group" aria-label="Decision">
                <div className="actions">
                  <button type="button" className="include" onClick={() => void decide('include')}>
                    Include <kbd>I</kbd>
                  </button>
                  <button
                    type="button"
                    className="exclude"
                    onClick={() => (reasons.length > 0 ? setChoosingReason(true) : void decide('exclude'))}
                  >
                    Exclude <kbd>E</kbd>
                  </button>
                  <button type="button" onClick={() => void decide('maybe')}>
                    Maybe <kbd>M</kbd>
                  </button>
                  <button type="button" onClick={() => void undo()} disabled={decided.length === 0}>
                    Undo <kbd>U</kbd>
                  </button>
                </div>
                {choosingReason && (
                  <div className="reasons" role="group" aria-label="Exclusion reason">
                    <p>
                      Why exclude? Press a number, or click
                      {reasonRequired ? ' (a full-text exclusion needs a reason)' : ''}:
                    </p>
                    <ol>
                      {reasons.map((r, i) => (
                        <li key={r}>
                          <button type="button" onClick={() => void decide('exclude', r)}>
                            <kbd>{i + 1}</kbd> {r}
                          </button>
                        </li>
                      ))}
                      {!reasonRequired && (
                        <li>
                          <button type="button" onClick={() => void decide('exclude')}>
                            <kbd>0</kbd> no reason given
                          </button>
                        </li>
                      )}
                    </ol>
                  </div>
                )}
              </div>
              <label>
                Note <kbd>N</kbd>
                <textarea ref={noteRef} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
            </>
          )}
        </div>
        <aside className="criteria" aria-label="Criteria">
          <Criteria title="Include when" items={protocol.inclusionCriteria} kind="inclusion" />
          <Criteria title="Exclude when" items={protocol.exclusionCriteria} kind="exclusion" />
        </aside>
      </div>
    </Page>
  );
}

/** One list of the protocol's criteria beside the record, or a note that the protocol has none. */
function Criteria({ title, items, kind }: { title: string; items: string[]; kind: string }) {
  return (
    <>
      <h2>{title}</h2>
      {items.length ? (
        <ul>
          {items.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No {kind} criteria in the protocol.</p>
      )}
    </>
  );
}
