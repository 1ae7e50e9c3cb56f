import { useState, type FormEvent, type ReactNode } from 'react';
import { FACTS_FILTER_KEYS, type FactsFilterQuery } from '../../shared/tracking-api.js';
import { TextField } from './FormFields.js';

const FIELDS: readonly { key: keyof FactsFilterQuery; label: string; placeholder: string }[] = [
  { key: 'arch', label: 'Architecture', placeholder: 'LlamaForCausalLM' },
  { key: 'minParams', label: 'Min params', placeholder: '1B' },
  { key: 'maxParams', label: 'Max params', placeholder: '8B' },
  { key: 'dtype', label: 'DType', placeholder: 'bf16' },
  { key: 'quant', label: 'Quantisation', placeholder: 'Q4_K_M' },
  { key: 'format', label: 'Format', placeholder: 'gguf' },
  { key: 'license', label: 'License', placeholder: 'apache-2.0' },
  { key: 'library', label: 'Library', placeholder: 'transformers' },
  { key: 'fits', label: 'Fits in', placeholder: '16GB' },
];

const EMPTY: Readonly<Record<keyof FactsFilterQuery, string>> = Object.fromEntries(FACTS_FILTER_KEYS.map((key) => [key, ''])) as Record<keyof FactsFilterQuery, string>;

/** Filters on model facts (of tracked repos, of the Library's), as `hubkeeper track ls` takes them; applied on submit. */
export function FactsFilterForm({ onApply, idPrefix = 'facts' }: { readonly onApply: (filter: FactsFilterQuery) => void; readonly idPrefix?: string }): ReactNode {
  const [values, setValues] = useState(EMPTY);
  const apply = (next: Readonly<Record<keyof FactsFilterQuery, string>>): void => {
    onApply(Object.fromEntries(Object.entries(next).flatMap(([key, value]) => (value.trim() === '' ? [] : [[key, value.trim()]]))));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    apply(values);
  };
  const clear = (): void => {
    setValues(EMPTY);
    apply(EMPTY);
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Filter by model facts">
      {FIELDS.map((field) => (
        <TextField
          key={field.key}
          id={`${idPrefix}-${field.key}`}
          label={field.label}
          value={values[field.key]}
          placeholder={field.placeholder}
          onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
        />
      ))}
      <button type="submit">Filter</button>
      <button type="button" onClick={clear}>
        Clear filters
      </button>
    </form>
  );
}
