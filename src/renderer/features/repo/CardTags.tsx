import type { ReactNode } from 'react';
import type { CardTag } from './front-matter.js';

export function CardTags({ tags }: { readonly tags: readonly CardTag[] }): ReactNode {
  if (tags.length === 0) return null;
  return (
    <ul className="card-tags" aria-label="Model card metadata">
      {tags.map((tag, index) => (
        <li key={`${tag.label}:${tag.value}:${index}`} className="card-tag">
          <span className="card-tag-label">{tag.label}</span>
          <span className="card-tag-value">{tag.value}</span>
        </li>
      ))}
    </ul>
  );
}
