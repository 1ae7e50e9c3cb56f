import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';

/** The plural path segment of a repo type in API routes ("models", "datasets", "spaces"). */
export const REPO_TYPE_PLURALS = { models: 'model', datasets: 'dataset', spaces: 'space' } as const;
export type RepoTypePlural = keyof typeof REPO_TYPE_PLURALS;

export function repoTypeFromPlural(plural: string): RepoType {
  const type = (REPO_TYPE_PLURALS as Record<string, RepoType | undefined>)[plural];
  if (!type) throw new AppError('NotFound', `Unknown repo type "${plural}"`);
  return type;
}
