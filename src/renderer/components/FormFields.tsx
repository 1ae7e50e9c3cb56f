import type { ReactNode } from 'react';

export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Takes the room left in a row of filters. */
  readonly grow?: boolean;
}

/** A labelled text or search box in a row of filters. */
export function TextField({ id, label, value, onChange, grow = false, type = 'text', placeholder }: FieldProps & { readonly type?: 'text' | 'search'; readonly placeholder?: string }): ReactNode {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} placeholder={placeholder} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/** A labelled drop-down in a row of filters. */
export function SelectField({ id, label, value, onChange, grow = false, options }: FieldProps & { readonly options: readonly FieldOption[] }): ReactNode {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
