import type { CatalogDuplicatesQueries, StoreContentQueries } from '../db/index.js';
import { cachedCopyExists, contentKey, type OnDisk } from './content-on-disk.js';
import { catalogFile, type CatalogFile } from './tracked-repo.js';

/** A content held at more than one place (another repo, or another commit of the same repo). */
export interface DuplicateContent {
  readonly sha256: string | null;
  readonly oid: string;
  readonly size: number;
  /** Every file holding it: one per repo, commit and path (a commit at two refs is listed once, at its first ref). */
  readonly places: readonly CatalogFile[];
  readonly onDisk: OnDisk;
  /** Copies on this disk: one per HF cache repo whose blobs hold it, one for the hub store. */
  readonly copiesOnDisk: number;
  /** Bytes the copies beyond the first take on disk now. */
  readonly wastedBytes: number;
  /** Bytes that downloading the remote repos holding it need not fetch, reusing a copy on disk (or the first download). */
  readonly reusableBytes: number;
}

export interface DuplicatesReport {
  /** Largest waste first, then largest saving, then largest content. */
  readonly contents: readonly DuplicateContent[];
  readonly wastedBytes: number;
  readonly reusableBytes: number;
}

/** Content held by more than one repo or revision, with what its copies cost and what reusing them saves. */
export function findDuplicates(queries: CatalogDuplicatesQueries, store: StoreContentQueries): DuplicatesReport {
  const groups = new Map<string, Map<string, CatalogFile>>();
  for (const row of queries.candidateFiles()) {
    const file = catalogFile(row);
    const key = contentKey(file);
    const places = groups.get(key) ?? new Map<string, CatalogFile>();
    groups.set(key, places);
    const place = JSON.stringify([row.repo_row, file.commit, file.path]);
    if (!places.has(place)) places.set(place, file);
  }
  const held = new Map<string, CatalogFile[]>();
  for (const [key, places] of groups) {
    const files = [...places.values()];
    const commits = new Set(files.map((file) => JSON.stringify([file.source, file.endpoint, file.repoType, file.repo, file.commit])));
    if (commits.size > 1) held.set(key, files);
  }
  const inStore = store.held([...held.keys()]);
  const contents = [...held].map(([key, places]) => describe(places, inStore.has(key)));
  contents.sort((a, b) => b.wastedBytes - a.wastedBytes || b.reusableBytes - a.reusableBytes || b.size - a.size || (contentKey(a) < contentKey(b) ? -1 : 1));
  return {
    contents,
    wastedBytes: contents.reduce((sum, content) => sum + content.wastedBytes, 0),
    reusableBytes: contents.reduce((sum, content) => sum + content.reusableBytes, 0),
  };
}

function describe(places: readonly CatalogFile[], inStore: boolean): DuplicateContent {
  const first = places[0] as CatalogFile;
  const repoOf = (file: CatalogFile): string => JSON.stringify([file.endpoint, file.repoType, file.repo]);
  const cachedRepos = new Set(places.filter(cachedCopyExists).map(repoOf));
  const remoteRepos = new Set(places.filter((file) => file.source === 'remote').map(repoOf));
  const hub = inStore || places.some((file) => file.source === 'hub');
  const copiesOnDisk = cachedRepos.size + (hub ? 1 : 0);
  return {
    sha256: first.sha256,
    oid: first.oid,
    size: first.size,
    places,
    onDisk: { hub, cache: cachedRepos.size > 0 },
    copiesOnDisk,
    wastedBytes: first.size * Math.max(0, copiesOnDisk - 1),
    reusableBytes: first.size * Math.max(0, remoteRepos.size - (copiesOnDisk > 0 ? 0 : 1)),
  };
}
