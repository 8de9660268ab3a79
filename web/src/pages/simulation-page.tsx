import { useState, type FormEvent } from 'react';
import { simulationCurveSvg } from '../../../src/domain/prioritise/recall-curve-svg.js';
import { PRESETS } from '../../../src/domain/prioritise/presets.js';
import { api, type Job, type SimulationReport } from '../api.js';
import { useProject } from '../use-project.js';
import { waitForJob } from '../wait-for-job.js';
import { ErrorNote, Page } from '../ui.js';

const fixed = (x: number) => x.toFixed(3);

/**
 * Simulated screening of a labelled file (ASReview's simulation): which preset would have saved the team
 * how much work, and where each stopping rule would have stopped.
 */
export function SimulationPage() {
  const { projectId } = useProject();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [report, setReport] = useState<{ name: string; report: SimulationReport }>();
  const run = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    setReport(undefined);
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    const form = new FormData();
    for (const name of ['preset', 'seeds', 'priorIncluded', 'priorExcluded', 'label'])
      form.append(name, String(data.get(name) ?? ''));
    if (file instanceof File) form.append('file', file, file.name);
    try {
      const job = await api.post<Job>(`/projects/${projectId}/simulations`, form);
      const done = await waitForJob(job.id, (j) => setStatus(`${j.label}: ${j.state}`));
      if (done.state === 'failed') setError(done.error);
      else if (done.simulation) setReport({ name: done.label, report: done.simulation });
    } catch (e) {
      setError(e);
    }
  };
  const svg = report && simulationCurveSvg(report.report, report.name);
  return (
    <Page title="Simulate prioritised screening">
      <p>
        Replays screening of a labelled file (ASReview or CSV label columns, RIS/EndNote notes
        ASReview_relevant) as ASReview does: random priors, the model retrained after every label. It tells
        how much work a preset would have saved and where each stopping rule would have stopped.
      </p>
      <form className="card" onSubmit={(e) => void run(e)}>
        <label>
          Labelled file <input type="file" name="file" required />
        </label>
        <label>
          Preset{' '}
          <select name="preset" defaultValue={PRESETS[0]!.name}>
            {PRESETS.map((p) => (
              <option key={p.name} value={p.name} title={p.description}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Runs (seeds) <input type="number" name="seeds" min={1} max={50} defaultValue={5} />
        </label>
        <label>
          Prior relevant <input type="number" name="priorIncluded" min={1} defaultValue={1} />
        </label>
        <label>
          Prior irrelevant <input type="number" name="priorExcluded" min={1} defaultValue={1} />
        </label>
        <label>
          Label{' '}
          <select name="label" defaultValue="included">
            <option value="included">final inclusion</option>
            <option value="abstract">title/abstract</option>
          </select>
        </label>
        <button type="submit">Simulate</button>
      </form>
      {status && <p role="status">{status}</p>}
      {error !== undefined && <ErrorNote error={error} />}
      {report && (
        <>
          <p>
            {report.report.records} labelled records, {report.report.relevant} relevant;{' '}
            {report.report.preset.description}
          </p>
          <table className="compact" aria-label="Simulation metrics">
            <thead>
              <tr>
                <th>Seed</th>
                <th>WSS@95</th>
                <th>Cohen WSS@95</th>
                <th>WSS@100</th>
                <th>RRF@10</th>
                <th>ATD</th>
                <th>Screened to 95 %</th>
              </tr>
            </thead>
            <tbody>
              {[
                ...report.report.runs.map((r) => ({ key: String(r.seed), m: r.metrics })),
                { key: 'mean', m: report.report.mean },
              ].map(({ key, m }) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>{fixed(m.wss95)}</td>
                  <td>{fixed(m.wss95Cohen)}</td>
                  <td>{fixed(m.wss100)}</td>
                  <td>{fixed(m.rrf10)}</td>
                  <td>{m.atd.toFixed(1)}</td>
                  <td>{m.screenedTo95.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Stopping rules</h3>
          <ul>
            {report.report.stopping.map((s) => (
              <li key={s.rule}>
                {s.rule}: mean recall {fixed(s.meanRecall)}, work saved {(100 * s.meanWorkSaved).toFixed(1)}{' '}
                %, reached the target in {s.reachedTarget} of {s.runs} runs
              </li>
            ))}
          </ul>
          {svg && (
            <img
              className="curve"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
              alt="Recall curves of the simulated runs, with random screening"
            />
          )}
        </>
      )}
    </Page>
  );
}
