import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  ACTIVITY_TYPES,
  CADRES,
  type Activity,
  type ActivityInput,
  type Mobility,
  type Travel,
} from '../../../src/domain/partnerships/activity.js';
import type { Partnership } from '../../../src/domain/partnerships/partnership.js';
import type { Mutuality, MutualityRow } from '../../../src/domain/partnerships/two-way-analysis.js';
import { api, type Framework, type Round } from '../api.js';
import { CostsEditor } from '../costs-editor.js';
import { SIDE_LABEL, useRegistryMe } from '../registry-me.js';
import { RoundsTable } from '../rounds-table.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

type PartnershipView = Partnership & { rounds: Round[] };
const words = (code: string) => code.replace(/_/g, ' ');
const index = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));

/**
 * One partnership as its members and its funders read it: the partners and their sides, the 6-step cycle as a
 * timeline, the activities (who travelled which way, what it cost; recorded here by a coordinator or a
 * partner's member), the rounds with their divergence once open, mutuality by building block, learning area
 * and round with its formula, the benefit flow picture and the business case.
 */
export function PartnershipPage() {
  const id = Number(useParams().partnershipId);
  const partnership = useLoad(() => api.get<PartnershipView>(`/partnerships/${id}`), [id]);
  const activities = useLoad(
    () => api.get<{ activities: Activity[]; mobility: Mobility }>(`/partnerships/${id}/activities`),
    [id],
  );
  const mutuality = useLoad(() => api.get<Mutuality>(`/mutuality?partnership=${id}`), [id]);
  const apps = useLoad(() => api.get<Framework>('/frameworks/apps-tpi'), []);
  const me = useRegistryMe();
  if (!partnership.data || !apps.data)
    return partnership.error ? <ErrorNote error={partnership.error} /> : <Loading what="the partnership" />;
  const p = partnership.data;
  const steps = apps.data.dimensions.find((d) => d.id === 'cycle_step')?.codes ?? [];
  const label = (dimension: string, code: string) =>
    apps.data?.dimensions.find((d) => d.id === dimension)?.codes.find((c) => c.id === code)?.label ??
    words(code);
  const mayRecord = me.coordinator || p.institutions.some((i) => me.memberOf.has(i.id));
  const name = (institutionId: number) =>
    p.institutions.find((i) => i.id === institutionId)?.name ?? `institution ${institutionId}`;
  return (
    <Page
      title={p.title}
      actions={
        <span className="actions">
          <a href={`/api/v1/business-case?format=html&partnership=${id}`} target="_blank" rel="noreferrer">
            Business case
          </a>
          <a href={`/api/v1/business-case?format=pdf&partnership=${id}`}>PDF</a>
          <a href={`/api/v1/business-case?format=json&partnership=${id}`}>JSON</a>
          <a href={`/api/v1/partnerships/${id}/xlsform`}>XLSForm</a>
        </span>
      }
    >
      <p className="muted">
        <Link to="/registry">Partnerships</Link> · {p.programme.toUpperCase()} · from {p.startDate}
        {p.endDate ? ` to ${p.endDate}` : ''}
        {p.focusAreas.length > 0 &&
          ` · focus: ${p.focusAreas.map((c) => label('action_area', c)).join(', ')}`}
        {p.objectives.length > 0 &&
          ` · objectives: ${p.objectives.map((c) => label('objective', c)).join(', ')}`}
      </p>
      <ul>
        {p.institutions.map((i) => (
          <li key={i.id}>
            {i.name} ({i.country}) <span className={`badge side ${i.side}`}>{SIDE_LABEL[i.side]}</span>
          </li>
        ))}
      </ul>

      <section className="card" aria-label="Cycle">
        <h2>The partnership cycle</h2>
        <ol className="timeline">
          {steps.map((step) => {
            const reached = p.cycle.filter((t) => t.step === step.id);
            const current = p.cycle.at(-1)?.step === step.id;
            return (
              <li key={step.id} className={current ? 'current' : reached.length ? 'reached' : ''}>
                <strong>{step.label}</strong>
                {current && <span className="badge">current</span>}
                <span className="muted small">
                  {reached.length ? reached.map((t) => t.date).join(', ') : 'not yet'}
                  {reached.some((t) => t.note) &&
                    ` — ${reached
                      .map((t) => t.note)
                      .filter(Boolean)
                      .join('; ')}`}
                </span>
              </li>
            );
          })}
        </ol>
        {me.coordinator && (
          <CycleStepForm partnershipId={id} steps={steps} onSaved={() => partnership.reload()} />
        )}
      </section>

      <section className="card" aria-label="Activities">
        <h2>Activities</h2>
        {activities.error && <ErrorNote error={activities.error} />}
        {activities.data && (
          <ActivityList
            activities={activities.data.activities}
            mobility={activities.data.mobility}
            name={name}
            stepLabel={(c) => label('cycle_step', c)}
            mayRecord={mayRecord}
            onRemoved={activities.reload}
          />
        )}
        {mayRecord && <ActivityForm partnership={p} steps={steps} onSaved={() => activities.reload()} />}
      </section>

      <section className="card" aria-label="Rounds">
        <h2>Reporting rounds</h2>
        <RoundsTable rounds={p.rounds} memberOf={me.memberOf} />
      </section>

      {mutuality.data && <MutualitySection m={mutuality.data} />}

      <section className="card" aria-label="Benefit flow">
        <h2>Benefit flow</h2>
        <p className="muted small">
          From the side a benefit came from, through the building block it strengthened, to the side that
          gained it. Rounds still blind are not counted.{' '}
          <a href={`/api/v1/benefit-flow?format=svg&partnership=${id}`} download={`benefit-flow-${id}.svg`}>
            SVG
          </a>{' '}
          <a href={`/api/v1/benefit-flow?format=png&partnership=${id}`} download={`benefit-flow-${id}.png`}>
            PNG
          </a>
        </p>
        <img
          className="flow"
          src={`/api/v1/benefit-flow?format=svg&partnership=${id}&v=${p.rounds.map((r) => r.submitted.length).join('.')}`}
          alt={`Benefit flow of ${p.title}`}
        />
      </section>
    </Page>
  );
}

/** A coordinator records that the partnership entered a step of the cycle on a date. */
function CycleStepForm({
  partnershipId,
  steps,
  onSaved,
}: {
  partnershipId: number;
  steps: { id: string; label: string }[];
  onSaved: () => void;
}) {
  const [step, setStep] = useState(steps[0]?.id ?? '');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  return (
    <form
      className="row"
      aria-label="Record a cycle step"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        api
          .post(`/partnerships/${partnershipId}/cycle`, {
            step,
            date,
            ...(note.trim() ? { note: note.trim() } : {}),
          })
          .then(() => {
            setNote('');
            onSaved();
          }, setError);
      }}
    >
      <label className="inline">
        Step
        <select aria-label="Step" value={step} onChange={(e) => setStep(e.target.value)}>
          {steps.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Entered on
        <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="inline">
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit">Record the step</button>
      {error !== undefined && <ErrorNote error={error} />}
    </form>
  );
}

function ActivityList({
  activities,
  mobility,
  name,
  stepLabel,
  mayRecord,
  onRemoved,
}: {
  activities: Activity[];
  mobility: Mobility;
  name: (id: number) => string;
  stepLabel: (code: string) => string;
  mayRecord: boolean;
  onRemoved: () => void;
}) {
  const [error, setError] = useState<unknown>();
  if (activities.length === 0) return <p className="muted">No activity recorded yet.</p>;
  return (
    <>
      <p>
        <strong>{mobility.toHighIncome}</strong> people travelled to the high-income side and{' '}
        <strong>{mobility.toLowMiddleIncome}</strong> to the low/middle-income side
        {mobility.other ? ` (${mobility.other} otherwise)` : ''}.
      </p>
      {error !== undefined && <ErrorNote error={error} />}
      <div className="scroll">
        <table className="compact">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th>Where</th>
              <th>Who travelled</th>
              <th>Cycle step</th>
              <th>Costs</th>
              {mayRecord && <th />}
            </tr>
          </thead>
          <tbody>
            {activities.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.startDate}
                  {a.endDate ? ` – ${a.endDate}` : ''}
                </td>
                <td>
                  {words(a.type)}: {a.title}
                </td>
                <td>{a.remote ? 'remote' : [a.city, a.country].filter(Boolean).join(', ')}</td>
                <td>
                  {a.travel.map((t, i) => (
                    <div key={i}>
                      {t.count} {words(t.cadre)}: {name(t.fromInstitutionId)} → {name(t.toInstitutionId)}
                    </div>
                  ))}
                </td>
                <td>{a.cycleStep ? stepLabel(a.cycleStep) : ''}</td>
                <td>
                  {a.costs.map((c, i) => (
                    <div key={i}>
                      {c.description}
                      {c.amount === undefined ? '' : `: ${c.amount} ${c.currency ?? ''}`}
                    </div>
                  ))}
                </td>
                {mayRecord && (
                  <td>
                    <button
                      type="button"
                      onClick={() => {
                        if (!window.confirm(`Remove “${a.title}”? The audit log keeps it.`)) return;
                        api.del(`/activities/${a.id}`).then(onRemoved, setError);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const NEW_ACTIVITY: ActivityInput = {
  type: 'exchange_visit',
  title: '',
  startDate: '',
  travel: [],
  costs: [],
};

function ActivityForm({
  partnership,
  steps,
  onSaved,
}: {
  partnership: Partnership;
  steps: { id: string; label: string }[];
  onSaved: () => void;
}) {
  const [a, setA] = useState<ActivityInput>(NEW_ACTIVITY);
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<ActivityInput>) => setA((x) => ({ ...x, ...patch }));
  const partners = partnership.institutions;
  const setTravel = (i: number, patch: Partial<Travel>) =>
    set({ travel: a.travel.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Record an activity
      </button>
    );
  const save = async () => {
    setError(undefined);
    try {
      const body: Record<string, unknown> = { ...a };
      for (const key of ['endDate', 'country', 'city', 'cycleStep', 'notes'] as const)
        if (!a[key]) delete body[key];
      await api.post(`/partnerships/${partnership.id}/activities`, body);
      setA(NEW_ACTIVITY);
      setOpen(false);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <fieldset className="coding-form" aria-label="New activity">
      <legend>New activity</legend>
      <div className="grid">
        <label>
          Type
          <select value={a.type} onChange={(e) => set({ type: e.target.value as ActivityInput['type'] })}>
            {ACTIVITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {words(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Title
          <input value={a.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <label>
          Start
          <input type="date" value={a.startDate} onChange={(e) => set({ startDate: e.target.value })} />
        </label>
        <label>
          End
          <input type="date" value={a.endDate ?? ''} onChange={(e) => set({ endDate: e.target.value })} />
        </label>
        <label>
          Country
          <input
            value={a.country ?? ''}
            disabled={a.remote}
            placeholder="UG or Uganda"
            onChange={(e) => set({ country: e.target.value })}
          />
        </label>
        <label>
          City
          <input value={a.city ?? ''} disabled={a.remote} onChange={(e) => set({ city: e.target.value })} />
        </label>
        <label>
          <input
            type="checkbox"
            checked={Boolean(a.remote)}
            onChange={(e) =>
              setA((x) => {
                const { country: _c, city: _t, remote: _r, ...rest } = x;
                return e.target.checked ? { ...rest, remote: true } : { ...x, remote: false };
              })
            }
          />{' '}
          Remote
        </label>
        <label>
          Cycle step
          <select value={a.cycleStep ?? ''} onChange={(e) => set({ cycleStep: e.target.value })}>
            <option value="">—</option>
            {steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3>Who travelled</h3>
      {a.travel.map((t, i) => (
        <div key={i} className="grid">
          <PartnerSelect
            label="From"
            partners={partners}
            value={t.fromInstitutionId}
            onChange={(id) => setTravel(i, { fromInstitutionId: id })}
          />
          <PartnerSelect
            label="To"
            partners={partners}
            value={t.toInstitutionId}
            onChange={(id) => setTravel(i, { toInstitutionId: id })}
          />
          <label>
            Cadre
            <select
              value={t.cadre}
              onChange={(e) => setTravel(i, { cadre: e.target.value as Travel['cadre'] })}
            >
              {CADRES.map((c) => (
                <option key={c} value={c}>
                  {words(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            How many
            <input
              type="number"
              min={1}
              value={t.count}
              onChange={(e) => setTravel(i, { count: Number(e.target.value) })}
            />
          </label>
          <button type="button" onClick={() => set({ travel: a.travel.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          set({
            travel: [
              ...a.travel,
              {
                fromInstitutionId: partners[1]?.id ?? partners[0]!.id,
                toInstitutionId: partners[0]!.id,
                cadre: 'nurse',
                count: 1,
              },
            ],
          })
        }
      >
        Add travellers
      </button>
      <h3>Costs</h3>
      <CostsEditor costs={a.costs} onChange={(costs) => set({ costs })} />
      <label>
        Notes
        <textarea value={a.notes ?? ''} onChange={(e) => set({ notes: e.target.value })} />
      </label>
      {error !== undefined && <ErrorNote error={error} />}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>
          Save the activity
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

function PartnerSelect({
  label,
  partners,
  value,
  onChange,
}: {
  label: string;
  partners: { id: number; name: string }[];
  value: number;
  onChange: (id: number) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function MutualityTable({ title, rows }: { title: string; rows: MutualityRow[] }) {
  const shown = rows.filter((r) => r.to_high_income + r.to_low_middle_income + r.mutual + r.unspecified > 0);
  if (shown.length === 0) return null;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th>{title}</th>
          <th>To the high-income side</th>
          <th>To the low/middle-income side</th>
          <th>Mutual</th>
          <th>Index</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((r) => (
          <tr key={r.code}>
            <td>{r.label}</td>
            <td>{r.to_high_income}</td>
            <td>{r.to_low_middle_income}</td>
            <td>{r.mutual}</td>
            <td>{index(r.index)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MutualitySection({ m }: { m: Mutuality }) {
  return (
    <section className="card" aria-label="Mutuality">
      <h2>Mutuality</h2>
      <p>
        To the high-income side {m.counts.to_high_income}, to the low/middle-income side{' '}
        {m.counts.to_low_middle_income}, mutual {m.counts.mutual}, no direction {m.counts.unspecified} · index{' '}
        <strong>{index(m.index)}</strong>
        {m.shares &&
          ` · shares ${Math.round(m.shares.to_high_income * 100)} % / ${Math.round(m.shares.to_low_middle_income * 100)} % / ${Math.round(m.shares.mutual * 100)} %`}
      </p>
      <p className="muted small">{m.formula}. Rounds still blind are not counted.</p>
      <div className="scroll">
        <MutualityTable title="Building block" rows={m.byBuildingBlock} />
        <MutualityTable title="Learning area" rows={m.byLearningArea} />
        <MutualityTable
          title="Round"
          rows={m.byRound.map((r) => ({ ...r, code: String(r.roundId), label: `round ${r.roundId}` }))}
        />
      </div>
    </section>
  );
}
