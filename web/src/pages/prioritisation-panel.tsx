import { useState, type FormEvent } from 'react';
import { api, type Prioritisation } from '../api.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading } from '../ui.js';
import { screeningCurveSvg } from '../../../src/domain/prioritise/recall-curve-svg.js';

/**
 * The dashboard's prioritisation section: whether records are ranked, the model, relevant found against
 * records screened, and the stopping rules — the heuristic and the statistical estimate with its assumptions
 * and the random sample it needs; owners retrain and record that the team stops, and why.
 */
export function PrioritisationPanel({
  projectId,
  projectTitle,
  owner,
}: {
  projectId: number;
  projectTitle: string;
  owner: boolean;
}) {
  const [version, setVersion] = useState(0);
  const state = useLoad(
    () => api.get<Prioritisation>(`/projects/${projectId}/prioritisation`),
    [projectId, version],
  );
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  if (state.loading) return <Loading what="the prioritisation" />;
  if (!state.data) return <ErrorNote error={state.error} />;
  const { active, model, estimate, stops } = state.data;
  const { statistical, heuristic } = estimate;
  const base = `/api/v1/projects/${projectId}/prioritisation`;
  const retrain = async () => {
    setError(undefined);
    try {
      const result = await api.post<{ trained: boolean; reason?: string; model?: { version: number } }>(
        `/projects/${projectId}/prioritisation/retrain`,
        {},
      );
      setMessage(result.trained ? `Model version ${result.model?.version} trained.` : result.reason);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  };
  const stop = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post(`/projects/${projectId}/prioritisation/stop`, { reason });
      setReason('');
      setMessage('Recorded: the team stopped screening.');
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-label="Prioritisation">
      <h2>Prioritisation and stopping</h2>
      <p>
        {active
          ? 'Records are served by predicted relevance (most likely relevant first).'
          : 'Records are served in import order (prioritisation is off, or the project has fewer than 100 records).'}{' '}
        {model
          ? `Model version ${model.version} (${model.preset}) learnt from ${model.labelled} records, ${model.relevant} relevant, ${new Date(model.trainedAt).toLocaleString()}.`
          : 'No model yet: it needs one relevant and one irrelevant record.'}
      </p>
      <div className="grid">
        <div className="card">
          <h3>Screening so far</h3>
          <table className="compact">
            <tbody>
              <tr>
                <th scope="row">Records screened</th>
                <td data-estimate="screened">
                  {estimate.screened} of {estimate.records}
                </td>
              </tr>
              <tr>
                <th scope="row">Relevant found</th>
                <td data-estimate="found">{estimate.relevantFound}</td>
              </tr>
              <tr>
                <th scope="row">Records since the last relevant one</th>
                <td data-estimate="since">{estimate.sinceLastRelevant}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="card">
          <h3>May the team stop?</h3>
          <p data-estimate="heuristic">
            Heuristic ({heuristic.stopAfter} irrelevant in a row):{' '}
            {heuristic.reached ? 'reached — but it says nothing about recall.' : 'not reached.'}
          </p>
          <p data-estimate="statistical">
            Statistical rule (recall ≥ {Math.round(statistical.targetRecall * 100)} % at{' '}
            {Math.round(statistical.confidence * 100)} % confidence): p = {statistical.p.toPrecision(3)}
            {statistical.mayStop ? ' — the team may stop.' : ' — keep screening.'}
          </p>
          {!statistical.mayStop && (
            <p>
              {statistical.randomSampleNeeded > estimate.records - estimate.screened
                ? 'Even screening every record left at random could not show it yet.'
                : `Or screen ${statistical.randomSampleNeeded} of the records left at random: if none is relevant, the team may stop.`}
            </p>
          )}
          <details>
            <summary>Assumptions</summary>
            <ul>
              {estimate.assumptions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </details>
        </div>
      </div>
      <img
        className="curve"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(screeningCurveSvg(estimate, projectTitle))}`}
        alt="Relevant records found against records screened"
      />
      <p className="actions">
        <a href={`${base}/ranking?format=csv`} download>
          Ranking (CSV)
        </a>
        <a href={`${base}/provenance?format=csv`} download>
          Decisions with their provenance (CSV)
        </a>
        <a href={`${base}/curve?format=png`} download="recall-curve.png">
          Curve (PNG)
        </a>
        {owner && (
          <button type="button" onClick={() => void retrain()}>
            Retrain now
          </button>
        )}
      </p>
      {message && <p role="status">{message}</p>}
      {error !== undefined && <ErrorNote error={error} />}
      {stops.length > 0 && (
        <>
          <h3>When the team stopped</h3>
          <ul>
            {stops.map((s) => (
              <li key={s.id}>
                {new Date(s.at).toLocaleString()}, {s.stoppedBy}: {s.reason} (screened {s.estimate.screened}{' '}
                of {s.estimate.records}, {s.estimate.relevantFound} relevant, p ={' '}
                {s.estimate.statistical.p.toPrecision(3)})
              </li>
            ))}
          </ul>
        </>
      )}
      {owner && (
        <form className="card" onSubmit={(e) => void stop(e)}>
          <label>
            Stop screening because…
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
          </label>
          <button type="submit">Record that the team stops</button>
        </form>
      )}
    </section>
  );
}
