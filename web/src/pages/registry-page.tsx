import type { Country } from '../../../src/domain/countries/countries.js';
import { classificationText } from '../../../src/domain/countries/income-groups.js';
import type { Mutuality } from '../../../src/domain/partnerships/two-way-analysis.js';
import type { Institution, Partnership } from '../../../src/domain/partnerships/partnership.js';
import { Link } from 'react-router';
import { api, type Round } from '../api.js';
import { SIDE_LABEL, useRegistryMe } from '../registry-me.js';
import { RoundsTable } from '../rounds-table.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

type PartnershipView = Partnership & { rounds: Round[] };

/**
 * The partnership registry as its members read it: partnerships, each partner's side with the classification it
 * came from, the cycle, the rounds (who has submitted; blind until all have), mutuality, the business case, and
 * where the partners are (by UN M49 region and country). Each partnership has a page of its own.
 */
export function RegistryPage() {
  const partnerships = useLoad(async () => {
    const list = await api.get<Partnership[]>('/partnerships');
    return Promise.all(list.map((p) => api.get<PartnershipView>(`/partnerships/${p.id}`)));
  }, []);
  const mutuality = useLoad(() => api.get<Mutuality>('/mutuality'), []);
  const mine = useRegistryMe().memberOf;
  if (partnerships.loading && !partnerships.data) return <Loading what="the registry" />;
  if (partnerships.error) return <ErrorNote error={partnerships.error} />;
  return (
    <Page
      title="Partnership registry"
      actions={
        <span className="actions">
          <a href="/api/v1/business-case?format=html" target="_blank" rel="noreferrer">
            Business case
          </a>
          <a href="/api/v1/business-case?format=pdf">Business case (PDF)</a>
          <a href="/api/v1/benefit-flow?format=svg" target="_blank" rel="noreferrer">
            Benefit flow
          </a>
        </span>
      }
    >
      {mutuality.data && (
        <section className="card" aria-label="Mutuality">
          <h2>Mutuality across the registry</h2>
          <p>
            To the high-income side {mutuality.data.counts.to_high_income}, to the low/middle-income side{' '}
            {mutuality.data.counts.to_low_middle_income}, mutual {mutuality.data.counts.mutual} · index{' '}
            <strong>{mutuality.data.index === null ? 'n/a' : mutuality.data.index.toFixed(2)}</strong>
          </p>
          <p className="muted small">{mutuality.data.formula}. Rounds still blind are not counted.</p>
        </section>
      )}
      {partnerships.data?.length === 0 && (
        <p className="muted">No partnership yet (`twoway demo` loads an example registry).</p>
      )}
      {partnerships.data?.map((p) => (
        <section key={p.id} className="card" aria-label={p.title}>
          <h2>
            <Link to={`/registry/partnerships/${p.id}`}>{p.title}</Link>
          </h2>
          <p className="muted">
            {p.programme.toUpperCase()} · from {p.startDate}
            {p.endDate ? ` to ${p.endDate}` : ''} · step:{' '}
            {p.cycle.at(-1)?.step.replace(/_/g, ' ') ?? 'none yet'}
          </p>
          <ul>
            {p.institutions.map((i) => (
              <li key={i.id}>
                {i.name} ({i.country}) <span className={`badge side ${i.side}`}>{SIDE_LABEL[i.side]}</span>{' '}
                <span className="muted small">
                  {i.overrideReason
                    ? `set by a coordinator: ${i.overrideReason}`
                    : classificationText(i.classification)}
                </span>
              </li>
            ))}
          </ul>
          {p.rounds.length > 0 && <RoundsTable rounds={p.rounds} memberOf={mine} />}
        </section>
      ))}
      {partnerships.data && partnerships.data.length > 0 && (
        <WherePartnersAre partnerships={partnerships.data} />
      )}
    </Page>
  );
}

/** The partners by UN M49 region and country: how many institutions and partnerships each country has. */
function WherePartnersAre({ partnerships }: { partnerships: PartnershipView[] }) {
  const institutions = useLoad(() => api.get<Institution[]>('/institutions'), []);
  const codes = [...new Set((institutions.data ?? []).map((i) => i.country))].sort();
  const countries = useLoad(
    async () =>
      Promise.all(codes.map((c) => api.get<{ country: Country }>(`/countries/${c}`).then((r) => r.country))),
    [codes.join(',')],
  );
  if (!institutions.data || !countries.data) return null;
  const byRegion = new Map<string, Country[]>();
  for (const c of countries.data) {
    const region = c.m49?.intermediateRegion?.name ?? c.m49?.subregion?.name ?? 'region unknown';
    byRegion.set(region, [...(byRegion.get(region) ?? []), c]);
  }
  return (
    <section className="card" aria-label="Where the partners are">
      <h2>Where the partners are</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>UN M49 region</th>
            <th>Country</th>
            <th>WHO region</th>
            <th>Institutions</th>
            <th>Partnerships</th>
          </tr>
        </thead>
        <tbody>
          {[...byRegion]
            .sort(([a], [b]) => a.localeCompare(b))
            .flatMap(([region, list]) =>
              list.map((c, i) => {
                const here = institutions.data!.filter((x) => x.country === c.iso3);
                const partnershipsHere = partnerships.filter((p) =>
                  p.institutions.some((x) => x.country === c.iso3),
                );
                return (
                  <tr key={c.iso3}>
                    <td>{i === 0 ? region : ''}</td>
                    <td>{c.name}</td>
                    <td>{c.whoRegion ?? '—'}</td>
                    <td>{here.map((x) => x.name).join('; ')}</td>
                    <td>{partnershipsHere.length}</td>
                  </tr>
                );
              }),
            )}
        </tbody>
      </table>
    </section>
  );
}
