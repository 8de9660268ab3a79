import { useState } from 'react';
import { api, type Codebook, type FieldValue, type StudyCoding, type StudyCodingPage } from '../api.js';
import { CodingForm } from '../coding-form.js';
import { itemCodes } from '../../../src/domain/codebook/benefit-item.js';
import { ErrorNote } from '../ui.js';
import { useProject } from '../use-project.js';

function fieldText(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return value.page ? `${value.text} (p. ${value.page})` : value.text;
  return String(value);
}

/** The codes a coding's items use on one dimension, as labels (the study-level view the agreement uses too). */
function dimensionText(codebook: Codebook, coding: StudyCoding, dimensionId: string): string {
  const dimension = codebook.framework.dimensions.find((d) => d.id === dimensionId);
  const label = (id: string) => dimension?.codes.find((c) => c.id === id)?.label ?? id;
  const codes = new Set(
    coding.items.flatMap((i) =>
      itemCodes(i)
        .filter((c) => c.dimension === dimensionId)
        .map((c) => c.code),
    ),
  );
  return [...codes].map(label).sort().join('; ');
}

/**
 * The codings of a study side by side, field by field, dimension by dimension and item by item, differences
 * marked; and the consensus, recorded from an editable copy of one coding.
 */
export function CodingComparison({
  study,
  codebook,
  mayCode,
  onRecorded,
}: {
  study: StudyCodingPage;
  codebook: Codebook;
  mayCode: boolean;
  onRecorded: () => void;
}) {
  const { projectId } = useProject();
  const submitted = study.codings.filter((c) => c.submitted);
  const [consensus, setConsensus] = useState<StudyCoding>(
    study.consensus?.coding ?? submitted[0]?.coding ?? { fields: {}, items: [] },
  );
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState(false);
  const rows: { label: string; values: string[] }[] = [
    ...codebook.form.fields.map((f) => ({
      label: f.label,
      values: submitted.map((c) => fieldText(c.coding.fields[f.id])),
    })),
    ...codebook.framework.dimensions.map((d) => ({
      label: `Items: ${d.label}`,
      values: submitted.map((c) => dimensionText(codebook, c.coding, d.id)),
    })),
    { label: 'Benefit items', values: submitted.map((c) => String(c.coding.items.length)) },
  ].filter((r) => r.values.some((v) => v !== ''));
  const record = async () => {
    try {
      await api.post(`/projects/${projectId}/coding/${study.recordId}/consensus`, {
        coding: consensus,
        frameworkVersion: study.frameworkVersion,
      });
      setError(undefined);
      setEditing(false);
      onRecorded();
    } catch (e) {
      setError(e);
    }
  };
  const maxItems = Math.max(0, ...submitted.map((c) => c.coding.items.length));
  return (
    <section className="comparison" aria-label="Comparison">
      <h2>Codings compared</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>Field</th>
            {submitted.map((c) => (
              <th key={c.coder}>{c.coder}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} className={new Set(r.values).size > 1 ? 'differs' : ''}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Items side by side</h3>
      <table className="compact">
        <tbody>
          {Array.from({ length: maxItems }, (_, i) => (
            <tr key={i}>
              <th scope="row">Item {i + 1}</th>
              {submitted.map((c) => (
                <td key={c.coder}>{c.coding.items[i]?.description ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {study.consensus ? (
        <p role="status">
          Consensus recorded by {study.consensus.coder} on {study.consensus.at.slice(0, 10)}; the synthesis
          uses it.
        </p>
      ) : (
        <p className="muted">No consensus yet: the synthesis will use the consensus once it is recorded.</p>
      )}
      {mayCode &&
        (editing ? (
          <>
            <CodingForm
              form={codebook.form}
              framework={codebook.framework}
              coding={consensus}
              onChange={setConsensus}
            />
            <button type="button" className="primary" onClick={() => void record()}>
              Record consensus
            </button>
            <ErrorNote error={error} />
          </>
        ) : (
          <div className="actions">
            {submitted.map((c) => (
              <button
                key={c.coder}
                type="button"
                onClick={() => {
                  setConsensus(structuredClone(c.coding));
                  setEditing(true);
                }}
              >
                Start the consensus from {c.coder}’s coding
              </button>
            ))}
          </div>
        ))}
    </section>
  );
}
