export { Catalog, type CatalogOptions, type RefreshResult, type RevisionDiff, type TrackRequest, type TrackedRepoFacts } from './catalog.js';
export { parseFindQuery, type FindOptions, type FindQuery } from './find-query.js';
export type { RefreshStatus } from './refresh-structure.js';
export type { DiffFile, ModifiedFile, RenamedFile, StructureDiff } from './structure-diff.js';
export { describeTracked, type CatalogFile, type RepoSelector, type TrackedRepo } from './tracked-repo.js';
export { parseFactsFilter, parseParameterCount, type FactsFilter, type FactsFilterOptions } from './facts/facts-filter.js';
export { MODEL_FORMATS, type ModelFacts, type ModelFormat, type WeightsFile } from './facts/model-facts.js';
