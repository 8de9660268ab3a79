import type { Cost } from '../../src/domain/partnerships/benefit-report.js';

/** A list of costs (what, how much, which currency) as a report or an activity records them. */
export function CostsEditor({ costs, onChange }: { costs: Cost[]; onChange: (costs: Cost[]) => void }) {
  const set = (i: number, patch: Partial<Cost>) =>
    onChange(
      costs.map((c, j) => {
        if (j !== i) return c;
        const next: Cost = { ...c, ...patch };
        if (next.amount === undefined) delete next.amount;
        if (!next.currency) delete next.currency;
        return next;
      }),
    );
  return (
    <>
      {costs.map((c, i) => (
        <div key={i} className="grid">
          <label>
            Cost {i + 1}
            <input value={c.description} onChange={(e) => set(i, { description: e.target.value })} />
          </label>
          <label>
            Amount
            <input
              type="number"
              min={0}
              value={c.amount ?? ''}
              onChange={(e) => set(i, { amount: e.target.value === '' ? undefined : Number(e.target.value) })}
            />
          </label>
          <label>
            Currency
            <input
              maxLength={3}
              value={c.currency ?? ''}
              onChange={(e) => set(i, { currency: e.target.value.toUpperCase() || undefined })}
            />
          </label>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...costs, { description: '' }])}>
        Add a cost
      </button>
    </>
  );
}
