import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type BulkAnswer, type ListedRecord, type RecordList } from '../api.js';
import { useLoad } from '../use-load.js';
import { useProject } from '../use-project.js';
import { useSession } from '../session.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { counted, noun } from '../../../src/domain/text/counted.js';
import { RECORD_STATES } from '../../../src/domain/screening/decisions.js';

/** Rows a page shows. */
const PAGE_SIZE = 50;

/** The filter fields, as the URL and the API name them. */
const FILTERS = [
  'stage',
  'state',
  'tag',
  'reviewer',
  'vote',
  'source',
  'assignedTo',
  'newSinceLastRun',
  'query',
] as const;
type FilterName = (typeof FILTERS)[number];

const STATE_LABELS: Record<string, string> = {
  unscreened: 'Unscreened',
  'awaiting-second': 'Awaiting a second vote',
  maybe: 'Maybe',
  conflict: 'Conflict',
  included: 'Included',
  excluded: 'Excluded',
};

/**
 * The record list: every record after deduplication, filtered by stage and state, tag, reviewer and vote,
 * source, assignee and a PubMed-syntax query (the filter lives in the address, so a filtered list can be
 * bookmarked); each record as the signed-in member may see it. "My decisions" lists the member's own votes, each
 * a click away from being decided again. Owners select records (or every record the filter keeps) and tag,
 * exclude with a reason or assign them at once.
 */
export function RecordsPage() {
  const project = useProject();
  const base = `/projects/${project.projectId}`;
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(
    FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])),
  ) as Partial<Record<FilterName, string>>;
  const offset = Number(params.get('offset')) || 0;
  const stage = filter.stage === 'full-text' ? 'full-text' : 'title-abstract';
  const [query, setQuery] = useState(filter.query ?? '');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const search = new URLSearchParams({ ...filter, offset: String(offset), limit: String(PAGE_SIZE) });
  const list = useLoad(() => api.get<RecordList>(`${base}/record-list?${search}`), [base, search.toString()]);
  const me = useSession().account?.username;
  const owner = project.data?.myRole === 'owner';
  const canScreen = project.data && project.data.myRole !== 'viewer';

  const setFilter = (changes: Partial<Record<FilterName, string>>) => {
    const next = { ...filter, ...changes };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
    setSelected(new Set());
    setAllMatching(false);
  };
  const turn = (to: number) => setParams({ ...filter, offset: String(to) } as Record<string, string>);
  const onQuery = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ query: query.trim() });
  };
  const act = async (body: Record<string, string>) => {
    const { stage: _stage, ...rest } = filter;
    try {
      const answer = await api.post<BulkAnswer>(`${base}/records/bulk`, {
        ...body,
        stage,
        ...(allMatching ? { filter: { ...rest, stage } } : { recordIds: [...selected] }),
      });
      setMessage(`${body.action}: ${counted(answer.changed, 'record')} changed of ${answer.records}`);
      setError(undefined);
      setSelected(new Set());
      setAllMatching(false);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (project.loading) return <Loading what="the project" />;
  if (!project.data) return <ErrorNote error={project.error} />;
  const data = list.data;
  const members = project.data.members;
  const searches = new Map(data?.searches.map((s) => [s.id, s.source]) ?? []);
  const pageIds = data?.records.map((r) => r.id) ?? [];
  const chosen = allMatching ? (data?.count ?? 0) : selected.size;
  return (
    <Page
      title="Records"
      actions={
        me && (
          <button type="button" onClick={() => setFilter({ reviewer: me, state: '', vote: '' })}>
            My decisions
          </button>
        )
      }
    >
      <form className="card filters" onSubmit={onQuery} aria-label="Filter the records">
        <Choice label="Stage" value={stage} onChange={(v) => setFilter({ stage: v })}>
          <option value="title-abstract">Title and abstract</option>
          <option value="full-text">Full text</option>
        </Choice>
        <Choice label="State" value={filter.state ?? ''} onChange={(v) => setFilter({ state: v })}>
          <option value="">any</option>
          {RECORD_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </Choice>
        <Choice label="Tag" value={filter.tag ?? ''} onChange={(v) => setFilter({ tag: v })}>
          <option value="">any</option>
          {data?.tags.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.records})
            </option>
          ))}
        </Choice>
        <Choice label="Voted by" value={filter.reviewer ?? ''} onChange={(v) => setFilter({ reviewer: v })}>
          <option value="">anyone</option>
          {members.map((m) => (
            <option key={m.reviewer} value={m.reviewer}>
              {m.reviewer === me ? `${m.reviewer} (me)` : m.reviewer}
            </option>
          ))}
        </Choice>
        <Choice label="Vote" value={filter.vote ?? ''} onChange={(v) => setFilter({ vote: v })}>
          <option value="">any</option>
          <option value="include">include</option>
          <option value="exclude">exclude</option>
          <option value="maybe">maybe</option>
        </Choice>
        <Choice label="Source" value={filter.source ?? ''} onChange={(v) => setFilter({ source: v })}>
          <option value="">any</option>
          {data?.searches.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.source} · {s.fileName}
            </option>
          ))}
        </Choice>
        <Choice
          label="Assigned to"
          value={filter.assignedTo ?? ''}
          onChange={(v) => setFilter({ assignedTo: v })}
        >
          <option value="">anyone or no one</option>
          {members
            .filter((m) => m.role !== 'viewer')
            .map((m) => (
              <option key={m.reviewer} value={m.reviewer}>
                {m.reviewer}
              </option>
            ))}
        </Choice>
        <label className="inline">
          <input
            type="checkbox"
            checked={filter.newSinceLastRun === 'true'}
            onChange={(e) => setFilter({ newSinceLastRun: e.target.checked ? 'true' : '' })}
          />{' '}
          New since the last run of a search
        </label>
        <label>
          Query (PubMed syntax)
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. malaria[ti]" />
        </label>
        <span className="actions">
          <button type="submit">Filter</button>
          <button
            type="button"
            onClick={() => {
              setQuery('');
              setParams({});
            }}
          >
            Clear
          </button>
        </span>
      </form>
      {project.data.protocol.screening.blind && !owner && (
        <p className="muted">
          Blind screening: the list shows your own votes only, and the state your vote gives a record.
        </p>
      )}
      <ErrorNote error={list.error ?? error} />
      <p className="muted" aria-live="polite">
        {message}
      </p>
      {!data && !list.error && <Loading what="the records" />}
      {data && (
        <div className="card">
          <p className="actions">
            <span data-testid="records-range">
              {data.count === 0
                ? 'No records match'
                : `${offset + 1}–${offset + data.records.length} of ${data.count} ${noun(data.count, 'record')}`}
            </span>
            {offset > 0 && (
              <button type="button" onClick={() => turn(Math.max(0, offset - PAGE_SIZE))}>
                Previous {PAGE_SIZE}
              </button>
            )}
            {offset + data.records.length < data.count && (
              <button type="button" onClick={() => turn(offset + PAGE_SIZE)}>
                Next {Math.min(PAGE_SIZE, data.count - offset - data.records.length)}
              </button>
            )}
          </p>
          {owner && data.count > 0 && (
            <BulkBar
              chosen={chosen}
              count={data.count}
              allMatching={allMatching}
              onAllMatching={() => setAllMatching(true)}
              tags={data.tags.map((t) => t.name)}
              reasons={project.data.protocol.exclusionReasons}
              reviewers={members.filter((m) => m.role !== 'viewer').map((m) => m.reviewer)}
              onAct={act}
            />
          )}
          <table className="records">
            <thead>
              <tr>
                {owner && (
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Select this page"
                      checked={pageIds.length > 0 && pageIds.every((id) => allMatching || selected.has(id))}
                      onChange={(e) => {
                        setAllMatching(false);
                        setSelected(e.target.checked ? new Set([...selected, ...pageIds]) : new Set());
                      }}
                    />
                  </th>
                )}
                <th>Record</th>
                <th>State</th>
                <th>Votes</th>
                <th>Tags</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.records.map((r) => (
                <Row
                  key={r.id}
                  record={r}
                  searches={searches}
                  stage={stage}
                  {...(owner
                    ? {
                        selected: allMatching || selected.has(r.id),
                        onSelect: (on: boolean) => {
                          setAllMatching(false);
                          const next = new Set(selected);
                          if (on) next.add(r.id);
                          else next.delete(r.id);
                          setSelected(next);
                        },
                      }
                    : {})}
                  canScreen={Boolean(canScreen)}
                  mine={r.status.votes.find((v) => v.reviewer === me)?.value}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function Choice({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}

function Row({
  record: r,
  searches,
  stage,
  selected,
  onSelect,
  canScreen,
  mine,
}: {
  record: ListedRecord;
  searches: Map<number, string>;
  stage: string;
  selected?: boolean;
  onSelect?: (on: boolean) => void;
  canScreen: boolean;
  mine: string | undefined;
}) {
  return (
    <tr data-testid="record-row">
      {onSelect && (
        <td>
          <input
            type="checkbox"
            aria-label={`Select record ${r.id}`}
            checked={Boolean(selected)}
            onChange={(e) => onSelect(e.target.checked)}
          />
        </td>
      )}
      <td>
        {r.title ?? <span className="muted">(no title)</span>}{' '}
        <span className="muted">
          {[r.firstAuthor, r.year, r.journal].filter(Boolean).join(' · ')} · #{r.id}
          {r.duplicates > 0 && ` · +${counted(r.duplicates, 'duplicate')}`}
        </span>
        {r.isNew && <span className="badge"> new since the last run</span>}
      </td>
      <td>
        {STATE_LABELS[r.status.state] ?? r.status.state}
        {r.status.reason && <span className="muted"> ({r.status.reason})</span>}
        {r.status.resolvedBy && <span className="muted"> · by {r.status.resolvedBy}</span>}
      </td>
      <td>
        {r.status.votes.map((v) => (
          <div key={v.reviewer}>
            {v.reviewer}: {v.value}
            {v.reason && ` (${v.reason})`}
            {v.note && <span className="muted"> — {v.note}</span>}
          </div>
        ))}
        {r.assignees.length > 0 && <div className="muted">assigned to {r.assignees.join(', ')}</div>}
      </td>
      <td>
        {r.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </td>
      <td>{r.sources.map((s) => searches.get(s) ?? `#${s}`).join(', ')}</td>
      <td>
        {canScreen && (
          <Link to={`../screen?stage=${stage}&record=${r.id}`} relative="path">
            {mine ? 'Re-decide' : 'Screen'}
          </Link>
        )}
      </td>
    </tr>
  );
}

/** The owners' bulk actions on the selected records, or on every record the filter keeps. */
function BulkBar({
  chosen,
  count,
  allMatching,
  onAllMatching,
  tags,
  reasons,
  reviewers,
  onAct,
}: {
  chosen: number;
  count: number;
  allMatching: boolean;
  onAllMatching: () => void;
  tags: string[];
  reasons: string[];
  reviewers: string[];
  onAct: (body: Record<string, string>) => Promise<void>;
}) {
  const [action, setAction] = useState('tag');
  const [tag, setTag] = useState('');
  const [reason, setReason] = useState('');
  const [reviewer, setReviewer] = useState(reviewers[0] ?? '');
  const ready =
    chosen > 0 &&
    (action === 'tag' || action === 'untag'
      ? tag.trim() !== ''
      : action === 'exclude'
        ? reason.trim() !== ''
        : reviewer !== '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string> = { action };
    if (action === 'tag' || action === 'untag') body.tag = tag;
    if (action === 'exclude') body.reason = reason;
    if (action === 'assign' || action === 'unassign') body.reviewer = reviewer;
    void onAct(body);
  };
  return (
    <form className="bulk actions" onSubmit={submit} aria-label="Bulk action">
      <span data-testid="bulk-chosen">{counted(chosen, 'record')} selected</span>
      {!allMatching && chosen > 0 && chosen < count && (
        <button type="button" className="link" onClick={onAllMatching}>
          Select all {count} that match
        </button>
      )}
      <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
        <option value="tag">Tag</option>
        <option value="untag">Take tag off</option>
        <option value="exclude">Exclude with a reason</option>
        <option value="assign">Assign to</option>
        <option value="unassign">Take assignment back from</option>
      </select>
      {(action === 'tag' || action === 'untag') && (
        <>
          <input
            aria-label="Tag name"
            list="bulk-tags"
            maxLength={40}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
          <datalist id="bulk-tags">
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      )}
      {action === 'exclude' &&
        (reasons.length > 0 ? (
          <select aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">choose a reason</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          <input aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        ))}
      {(action === 'assign' || action === 'unassign') && (
        <select aria-label="Reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)}>
          {reviewers.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      )}
      <button type="submit" disabled={!ready}>
        Apply
      </button>
    </form>
  );
}
