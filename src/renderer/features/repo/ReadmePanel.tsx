import { useMemo, type ReactNode } from 'react';
import type { ReadmeResponse } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { readmeQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { CardTags } from './CardTags.js';
import { parseModelCard } from './front-matter.js';
import { MarkdownView } from './MarkdownView.js';

export interface ReadmePanelProps {
  readonly repo: RepoKey;
  readonly revision: string;
}

export function ReadmePanel({ repo, revision }: ReadmePanelProps): ReactNode {
  const query = useQuery(readmeQuery(repo, revision));
  if (query.error?.code === 'EntryNotFound' && query.data === undefined) {
    return (
      <EmptyState title="No model card">
        <p>This revision has no README.md.</p>
      </EmptyState>
    );
  }
  return (
    <QueryContent query={query} what="the model card">
      {(readme) => <ReadmeBody repo={repo} revision={revision} readme={readme} />}
    </QueryContent>
  );
}

function ReadmeBody({ repo, revision, readme }: ReadmePanelProps & { readonly readme: ReadmeResponse }): ReactNode {
  const card = useMemo(() => parseModelCard(readme.text), [readme.text]);
  return (
    <article className="model-card" aria-label={`${readme.path} of ${repo.id}`}>
      <CardTags tags={card.tags} />
      <MarkdownView markdown={card.body} context={{ ...repo, revision }} />
      {readme.truncated && <p className="hint">This model card is long; only its beginning is shown.</p>}
    </article>
  );
}
