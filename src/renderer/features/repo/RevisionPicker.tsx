import type { ReactNode } from 'react';
import type { RepoOverview } from '../../../shared/app-api.js';
import { revisionOptions, type RevisionOption } from './repo-revisions.js';

export interface RevisionPickerProps {
  readonly overview: RepoOverview;
  readonly revision: string;
  readonly onChange: (revision: string) => void;
}

export function RevisionPicker({ overview, revision, onChange }: RevisionPickerProps): ReactNode {
  const options = revisionOptions(overview);
  const groups = new Map<RevisionOption['group'], RevisionOption[]>();
  for (const option of options) groups.set(option.group, [...(groups.get(option.group) ?? []), option]);
  const known = options.some((option) => option.value === revision);

  return (
    <div className="field inline">
      <label htmlFor="revision-picker">Revision</label>
      <select id="revision-picker" value={revision} onChange={(event) => onChange(event.target.value)}>
        {!known && <option value={revision}>{revision}</option>}
        {[...groups].map(([group, items]) => (
          <optgroup key={group} label={group}>
            {items.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
