import type {
  BenefitItem,
  Dimension,
  ExtractionForm,
  FieldValue,
  FormField,
  Framework,
  StudyCoding,
} from './api.js';
import { BENEFIT_ITEM_DIMENSIONS } from '../../src/domain/codebook/benefit-item.js';

/**
 * The extraction form of a study: the form's study-level fields, then the benefit items, each coded with the
 * framework's dimensions. Controlled: the page owns the coding and keeps a draft of it.
 */

function StatusBadge({ dimension }: { dimension: Dimension | undefined }) {
  if (!dimension || dimension.status === 'verified') return null;
  return (
    <span
      className="badge reconstructed"
      title={dimension.statusNote ?? 'Reconstructed: the source list could not be retrieved'}
    >
      reconstructed
    </span>
  );
}

const activeCodes = (dimension: Dimension | undefined) => (dimension?.codes ?? []).filter((c) => !c.retired);

function CodeChecks({
  dimension,
  value,
  onChange,
  label,
}: {
  dimension: Dimension | undefined;
  value: string[];
  onChange: (codes: string[]) => void;
  label: string;
}) {
  return (
    <fieldset className="codes">
      <legend>
        {label} <StatusBadge dimension={dimension} />
      </legend>
      {activeCodes(dimension).map((c) => (
        <label key={c.id} className="check" title={c.definition}>
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}

function CodeSelect({
  dimension,
  value,
  onChange,
  label,
}: {
  dimension: Dimension | undefined;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  label: string;
}) {
  if (!dimension) return null;
  return (
    <label>
      {label} <StatusBadge dimension={dimension} />
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {activeCodes(dimension).map((c) => (
          <option key={c.id} value={c.id} title={c.definition}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function StudyField({
  field,
  value,
  framework,
  onChange,
}: {
  field: FormField;
  value: FieldValue | undefined;
  framework: Framework;
  onChange: (value: FieldValue | undefined) => void;
}) {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const list = Array.isArray(value) ? value : [];
  const label = `${field.label}${field.required ? ' *' : ''}`;
  switch (field.type) {
    case 'long-text':
      return (
        <label>
          {label}
          <textarea rows={3} value={text} onChange={(e) => onChange(e.target.value || undefined)} />
        </label>
      );
    case 'number':
      return (
        <label>
          {label}
          <input
            type="number"
            value={text}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          />
        </label>
      );
    case 'choice':
      return (
        <label>
          {label}
          <select value={text} onChange={(e) => onChange(e.target.value || undefined)}>
            <option value="">—</option>
            {(field.options ?? []).map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
      );
    case 'multi-choice':
      return (
        <fieldset className="codes">
          <legend>{label}</legend>
          {(field.options ?? []).map((o) => (
            <label key={o} className="check">
              <input
                type="checkbox"
                checked={list.includes(o)}
                onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((v) => v !== o))}
              />
              {o}
            </label>
          ))}
        </fieldset>
      );
    case 'codes':
      return (
        <CodeChecks
          label={label}
          dimension={framework.dimensions.find((d) => d.id === field.dimension)}
          value={list}
          onChange={(v) => onChange(v)}
        />
      );
    case 'country':
      return (
        <label>
          {label} <span className="muted">(ISO codes, e.g. GB; UG)</span>
          <input
            value={list.join('; ')}
            onChange={(e) =>
              onChange(
                e.target.value
                  .split(/[;,\s]+/)
                  .map((s) => s.trim().toUpperCase())
                  .filter(Boolean),
              )
            }
          />
        </label>
      );
    case 'quote': {
      const quote = typeof value === 'object' && !Array.isArray(value) ? value : undefined;
      return (
        <fieldset className="quote">
          <legend>{label}</legend>
          <textarea
            rows={2}
            aria-label={`${field.label} text`}
            value={quote?.text ?? ''}
            onChange={(e) => onChange(e.target.value ? { ...quote, text: e.target.value } : undefined)}
          />
          <input
            aria-label={`${field.label} page`}
            placeholder="page"
            value={quote?.page ?? ''}
            onChange={(e) =>
              onChange(
                quote ? { text: quote.text, ...(e.target.value ? { page: e.target.value } : {}) } : undefined,
              )
            }
          />
        </fieldset>
      );
    }
    default:
      return (
        <label>
          {label}
          <input value={text} onChange={(e) => onChange(e.target.value || undefined)} />
        </label>
      );
  }
}

const dimension = (framework: Framework, id: string) => framework.dimensions.find((d) => d.id === id);

export function emptyItem(): BenefitItem {
  return { description: '', buildingBlocks: [], learningAreas: [], sources: [] };
}

function ItemEditor({
  item,
  index,
  framework,
  onChange,
  onRemove,
}: {
  item: BenefitItem;
  index: number;
  framework: Framework;
  onChange: (item: BenefitItem) => void;
  onRemove: () => void;
}) {
  const set = <K extends keyof BenefitItem>(key: K, value: BenefitItem[K] | undefined) => {
    const next = { ...item };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const single = (
    slot: 'level' | 'nature' | 'direction' | 'kind' | 'jonesDomain' | 'evidenceType',
    label: string,
  ) => (
    <CodeSelect
      label={label}
      dimension={dimension(framework, BENEFIT_ITEM_DIMENSIONS[slot])}
      value={item[slot]}
      onChange={(v) => set(slot, v)}
    />
  );
  const source = item.sources[0] ?? {};
  return (
    <fieldset className="benefit-item" aria-label={`Benefit item ${index + 1}`}>
      <legend>
        Benefit item {index + 1}{' '}
        <button type="button" className="link" onClick={onRemove}>
          remove
        </button>
      </legend>
      <label>
        Description *
        <textarea rows={2} value={item.description} onChange={(e) => set('description', e.target.value)} />
      </label>
      <label>
        Who benefited
        <input
          value={item.beneficiary ?? ''}
          onChange={(e) => set('beneficiary', e.target.value || undefined)}
        />
      </label>
      <div className="grid">
        {single('direction', 'Direction')}
        {single('level', 'Level')}
        {single('nature', 'Nature')}
        {single('kind', 'Kind')}
        {single('evidenceType', 'Evidence')}
        {single('jonesDomain', 'Jones domain')}
      </div>
      <CodeChecks
        label="Building blocks"
        dimension={dimension(framework, 'building_block')}
        value={item.buildingBlocks}
        onChange={(v) => set('buildingBlocks', v)}
      />
      <CodeChecks
        label="Learning areas"
        dimension={dimension(framework, 'learning_area')}
        value={item.learningAreas}
        onChange={(v) => set('learningAreas', v)}
      />
      <div className="grid">
        <label>
          Source page
          <input
            value={source.page ?? ''}
            onChange={(e) =>
              set(
                'sources',
                [{ ...source, ...(e.target.value ? { page: e.target.value } : { page: undefined }) }].map(
                  clean,
                ),
              )
            }
          />
        </label>
        <label>
          Quote
          <input
            value={source.quote ?? ''}
            onChange={(e) =>
              set(
                'sources',
                [{ ...source, ...(e.target.value ? { quote: e.target.value } : { quote: undefined }) }].map(
                  clean,
                ),
              )
            }
          />
        </label>
        <label>
          Costs or drawbacks
          <input value={item.costs ?? ''} onChange={(e) => set('costs', e.target.value || undefined)} />
        </label>
      </div>
    </fieldset>
  );
}

/** A source without its empty parts; none when nothing is left. */
function clean<T extends Record<string, string | undefined>>(source: T): T {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The repeatable benefit items, as a study's coding and a partner's report both hold them. */
export function BenefitItemsEditor({
  items,
  framework,
  onChange,
}: {
  items: BenefitItem[];
  framework: Framework;
  onChange: (items: BenefitItem[]) => void;
}) {
  const setItem = (i: number, item: BenefitItem | undefined) => {
    const next = [...items];
    if (item) next[i] = { ...item, sources: item.sources.filter((s) => Object.keys(s).length > 0) };
    else next.splice(i, 1);
    onChange(next);
  };
  return (
    <>
      {items.map((item, i) => (
        <ItemEditor
          key={i}
          index={i}
          item={item}
          framework={framework}
          onChange={(next) => setItem(i, next)}
          onRemove={() => setItem(i, undefined)}
        />
      ))}
      <button type="button" onClick={() => onChange([...items, emptyItem()])}>
        Add a benefit item
      </button>
    </>
  );
}

export function CodingForm({
  form,
  framework,
  coding,
  onChange,
  disabled,
}: {
  form: ExtractionForm;
  framework: Framework;
  coding: StudyCoding;
  onChange: (coding: StudyCoding) => void;
  disabled?: boolean;
}) {
  const setField = (id: string, value: FieldValue | undefined) => {
    const fields = { ...coding.fields };
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete fields[id];
    else fields[id] = value;
    onChange({ ...coding, fields });
  };
  return (
    <fieldset className="coding-form" disabled={disabled}>
      <legend>{form.title}</legend>
      {form.fields.map((f) => (
        <StudyField
          key={f.id}
          field={f}
          value={coding.fields[f.id]}
          framework={framework}
          onChange={(v) => setField(f.id, v)}
        />
      ))}
      {form.benefitItems.enabled && (
        <BenefitItemsEditor
          items={coding.items}
          framework={framework}
          onChange={(items) => onChange({ ...coding, items })}
        />
      )}
    </fieldset>
  );
}
