import { useEffect, useState, type FormEvent } from 'react';
import { api, type Project, type Protocol } from '../api.js';
import { useProject } from '../use-project.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { PRESETS } from '../../../src/domain/prioritise/presets.js';
import { AUTO_MINIMUM_RECORDS, DEFAULT_PRIORITISATION } from '../../../src/domain/prioritise/settings.js';

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const words = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((w) => w.trim())
    .filter(Boolean);

/** The question and protocol: criteria, exclusion reasons, dates, languages, sources, screening policy, highlights. */
export function ProtocolPage() {
  const project = useProject();
  const [form, setForm] = useState<Record<string, string>>({});
  const [policy, setPolicy] = useState<Protocol['screening']>({ reviewersRequired: 2, blind: true });
  const [coding, setCoding] = useState<NonNullable<Protocol['coding']>>({
    framework: 'twoway-benefits',
    codersRequired: 2,
    blind: true,
  });
  const [prioritisation, setPrioritisation] = useState<NonNullable<Protocol['prioritisation']>>({
    ...DEFAULT_PRIORITISATION,
  });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!project.data) return;
    const p = project.data.protocol;
    setForm({
      question: project.data.question ?? '',
      inclusion: p.inclusionCriteria.join('\n'),
      exclusion: p.exclusionCriteria.join('\n'),
      reasons: p.exclusionReasons.join('\n'),
      from: String(p.dateRange?.from ?? ''),
      to: String(p.dateRange?.to ?? ''),
      languages: p.languages.join(', '),
      sources: p.plannedSources.join(', '),
      highlightInclude: p.highlights?.include.join(', ') ?? '',
      highlightExclude: p.highlights?.exclude.join(', ') ?? '',
    });
    setPolicy(p.screening);
    if (p.coding) setCoding(p.coding);
    if (p.prioritisation) setPrioritisation(p.prioritisation);
  }, [project.data]);
  if (project.loading) return <Loading what="the protocol" />;
  if (!project.data) return <ErrorNote error={project.error} />;
  const owner = project.data.myRole === 'owner';
  const field = (key: string) => ({
    name: key,
    value: form[key] ?? '',
    disabled: !owner,
    onChange: (e: { target: { value: string } }) => {
      setSaved(false);
      setForm({ ...form, [key]: e.target.value });
    },
  });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const year = (v: string | undefined) => (v && /^\d{4}$/.test(v) ? Number(v) : undefined);
    const from = year(form.from);
    const to = year(form.to);
    const protocol: Protocol = {
      inclusionCriteria: lines(form.inclusion ?? ''),
      exclusionCriteria: lines(form.exclusion ?? ''),
      exclusionReasons: lines(form.reasons ?? ''),
      ...(from || to ? { dateRange: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } : {}),
      languages: words(form.languages ?? ''),
      plannedSources: words(form.sources ?? ''),
      screening: policy,
      coding,
      prioritisation,
      highlights: {
        include: words(form.highlightInclude ?? ''),
        exclude: words(form.highlightExclude ?? ''),
      },
    };
    try {
      await api.put<Project>(`/projects/${project.projectId}/protocol`, {
        question: form.question ?? '',
        protocol,
      });
      setSaved(true);
      setError(undefined);
      project.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Protocol">
      {!owner && <p className="muted">Only owners change the protocol.</p>}
      <form className="card" onSubmit={(e) => void save(e)}>
        <label>
          Review question
          <textarea rows={2} {...field('question')} />
        </label>
        <label>
          Inclusion criteria (one a line)
          <textarea rows={4} {...field('inclusion')} />
        </label>
        <label>
          Exclusion criteria (one a line)
          <textarea rows={4} {...field('exclusion')} />
        </label>
        <label>
          Exclusion reasons (one a line; reviewers choose one when they exclude, PRISMA counts them)
          <textarea rows={4} {...field('reasons')} />
        </label>
        <div className="row">
          <label>
            From year
            <input inputMode="numeric" {...field('from')} />
          </label>
          <label>
            To year
            <input inputMode="numeric" {...field('to')} />
          </label>
        </div>
        <label>
          Languages (comma separated)
          <input {...field('languages')} />
        </label>
        <label>
          Planned sources (comma separated)
          <input {...field('sources')} />
        </label>
        <fieldset disabled={!owner}>
          <legend>Screening</legend>
          <label className="inline">
            <input
              type="radio"
              name="reviewers"
              checked={policy.reviewersRequired === 1}
              onChange={() => setPolicy({ ...policy, reviewersRequired: 1 })}
            />{' '}
            One reviewer a record
          </label>
          <label className="inline">
            <input
              type="radio"
              name="reviewers"
              checked={policy.reviewersRequired === 2}
              onChange={() => setPolicy({ ...policy, reviewersRequired: 2 })}
            />{' '}
            Two independent reviewers
          </label>
          <label className="inline">
            <input
              type="checkbox"
              name="blind"
              checked={policy.blind}
              onChange={(e) => setPolicy({ ...policy, blind: e.target.checked })}
            />{' '}
            Blind (reviewers do not see each other’s votes until a record is decided)
          </label>
        </fieldset>
        <fieldset disabled={!owner}>
          <legend>Coding (framework: {coding.framework})</legend>
          <label className="inline">
            <input
              type="radio"
              name="coders"
              checked={coding.codersRequired === 1}
              onChange={() => setCoding({ ...coding, codersRequired: 1 })}
            />{' '}
            One coder a study
          </label>
          <label className="inline">
            <input
              type="radio"
              name="coders"
              checked={coding.codersRequired === 2}
              onChange={() => setCoding({ ...coding, codersRequired: 2 })}
            />{' '}
            Two independent coders, then a consensus
          </label>
          <label className="inline">
            <input
              type="checkbox"
              name="codingBlind"
              checked={coding.blind}
              onChange={(e) => setCoding({ ...coding, blind: e.target.checked })}
            />{' '}
            Blind coding (coders see each other’s coding once both have submitted)
          </label>
        </fieldset>
        <fieldset disabled={!owner}>
          <legend>Prioritisation (title and abstract)</legend>
          <label>
            Serve records{' '}
            <select
              name="prioritisationMode"
              value={prioritisation.mode}
              onChange={(e) =>
                setPrioritisation({ ...prioritisation, mode: e.target.value as typeof prioritisation.mode })
              }
            >
              <option value="auto">
                by predicted relevance once the project has {AUTO_MINIMUM_RECORDS} records
              </option>
              <option value="on">by predicted relevance</option>
              <option value="off">in import order</option>
            </select>
          </label>
          <label>
            Model{' '}
            <select
              name="prioritisationPreset"
              value={prioritisation.preset}
              onChange={(e) => setPrioritisation({ ...prioritisation, preset: e.target.value })}
            >
              {PRESETS.map((p) => (
                <option key={p.name} value={p.name} title={p.description}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Heuristic: consider stopping after this many irrelevant records in a row{' '}
            <input
              type="number"
              min={1}
              value={prioritisation.stopAfter}
              onChange={(e) =>
                setPrioritisation({ ...prioritisation, stopAfter: Number(e.target.value) || 1 })
              }
            />
          </label>
          <label>
            Statistical rule: target recall{' '}
            <input
              type="number"
              min={0.5}
              max={0.999}
              step={0.01}
              value={prioritisation.targetRecall}
              onChange={(e) => setPrioritisation({ ...prioritisation, targetRecall: Number(e.target.value) })}
            />
          </label>
          <label>
            confidence{' '}
            <input
              type="number"
              min={0.5}
              max={0.999}
              step={0.01}
              value={prioritisation.confidence}
              onChange={(e) => setPrioritisation({ ...prioritisation, confidence: Number(e.target.value) })}
            />
          </label>
        </fieldset>
        <label>
          Highlight for inclusion (words, comma separated)
          <input {...field('highlightInclude')} />
        </label>
        <label>
          Highlight for exclusion (words, comma separated)
          <input {...field('highlightExclude')} />
        </label>
        <ErrorNote error={error} />
        {owner && <button type="submit">Save protocol</button>}
        {saved && <span className="ok">Saved.</span>}
      </form>
    </Page>
  );
}
