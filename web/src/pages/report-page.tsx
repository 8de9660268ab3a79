import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ReportBody } from '../../../src/domain/partnerships/benefit-report.js';
import { api, type Framework, type Round } from '../api.js';
import { BenefitItemsEditor } from '../coding-form.js';
import { CostsEditor } from '../costs-editor.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';
import { SaveBar, useKeptDraft } from '../kept-draft.js';

const EMPTY: ReportBody = { benefits: [], costs: [], selfAssessment: [] };

interface RoundView {
  round: Round;
  open: boolean;
  reports: { institutionId: number; version: number; status: 'draft' | 'submitted'; report: ReportBody }[];
}

/**
 * An institution's benefit report of a round, written by its members: the benefit items (the same editor as a
 * study's coding), costs, and the self-assessment against THET's principles. The browser keeps what is typed
 * until it is saved (useKeptDraft); a submitted report is corrected with a reason.
 */
export function ReportPage() {
  const roundId = Number(useParams().roundId);
  const institutionId = Number(useParams().institutionId);
  const round = useLoad(() => api.get<RoundView>(`/rounds/${roundId}`), [roundId]);
  const benefits = useLoad(() => api.get<Framework>('/frameworks/twoway-benefits'), []);
  const principles = useLoad(() => api.get<Framework>('/frameworks/thet-principles'), []);
  const [reason, setReason] = useState('');
  const mine = round.data?.reports.find((r) => r.institutionId === institutionId);
  // what a member types is kept in the browser until it is saved
  const draft = useKeptDraft<ReportBody>({
    key: `twoway-report-draft:${roundId}:${institutionId}`,
    stored: mine?.report,
    loaded: round.data,
    empty: EMPTY,
    keys: true,
    send: async (report, submit) => {
      await api.put(`/rounds/${roundId}/reports/${institutionId}`, {
        report,
        submit,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      round.reload();
    },
  });
  const report = draft.value;
  const change = draft.change;
  if (!round.data || !benefits.data || !principles.data)
    return round.error ? <ErrorNote error={round.error} /> : <Loading what="the report" />;
  const submitted = mine?.status === 'submitted';
  const scoreOf = (principle: string) => report.selfAssessment.find((a) => a.principle === principle);
  const setScore = (principle: string, score: number | undefined, comment?: string) => {
    const rest = report.selfAssessment.filter((a) => a.principle !== principle);
    change({
      ...report,
      selfAssessment:
        score === undefined ? rest : [...rest, { principle, score, ...(comment ? { comment } : {}) }],
    });
  };
  return (
    <Page
      title={`Benefit report: round ${roundId} (${round.data.round.periodStart} – ${round.data.round.periodEnd})`}
    >
      <p className="muted">
        <Link to="/registry">Partnerships</Link> · Your institution’s own report. The other partner cannot
        read it, nor you theirs, until every partner has submitted or a coordinator closes the round.{' '}
        {submitted ? `Submitted as version ${mine.version}: a correction needs a reason.` : ''} Collecting
        offline? Download the{' '}
        <a href={`/api/v1/partnerships/${round.data.round.partnershipId}/xlsform`}>
          form for ODK Collect or KoboToolbox (XLSForm)
        </a>{' '}
        and import its submissions with <code>twoway benefit-report submissions</code>.
      </p>
      <fieldset className="coding-form">
        <legend>Benefits (to you, to the other side, or mutual)</legend>
        <BenefitItemsEditor
          items={report.benefits}
          framework={benefits.data}
          onChange={(items) => change({ ...report, benefits: items })}
        />
      </fieldset>
      <fieldset className="coding-form">
        <legend>Costs and drawbacks</legend>
        <CostsEditor costs={report.costs} onChange={(costs) => change({ ...report, costs })} />
      </fieldset>
      <fieldset className="coding-form">
        <legend>The partnership against THET’s principles (1 not at all … 4 fully)</legend>
        {(principles.data.dimensions[0]?.codes ?? []).map((p) => (
          <label key={p.id}>
            {p.label}
            <select
              aria-label={p.label}
              value={scoreOf(p.id)?.score ?? ''}
              onChange={(e) =>
                setScore(
                  p.id,
                  e.target.value === '' ? undefined : Number(e.target.value),
                  scoreOf(p.id)?.comment,
                )
              }
            >
              <option value="">not assessed</option>
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      {submitted && (
        <label>
          Why it is corrected
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <SaveBar
        draft={draft}
        submitted={submitted}
        submitLabel={submitted ? 'Submit the correction' : 'Submit'}
      />
    </Page>
  );
}
