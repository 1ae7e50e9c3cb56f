import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type {
  CommitsResponse,
  DeletePreview,
  DiffResponse,
  FileChange,
  ReadmeResponse,
  RepoFile,
  RepoOverview,
  RepoRef,
  RepoTree,
} from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { TREE_MODE } from '../../shared/git-objects.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX } from '../../shared/ref-name.js';
import type { RepoRecord, Store } from '../store/index.js';
import type { HubUsage } from './hub-usage.js';

/** READMEs larger than this are cut (a model card is a few kB; this keeps a huge file from freezing the UI). */
export const README_MAX_BYTES = 512 * 1024;

export function hubRefs(store: Store, repo: RepoRecord): RepoRef[] {
  const { branches, tags } = store.listRefs(repo.id);
  return [
    ...branches.map((ref) => ({ kind: 'branch' as const, name: ref.name, commit: ref.commit })),
    ...tags.map((ref) => ({ kind: 'tag' as const, name: ref.name, commit: ref.commit })),
    ...store.discussions.pullRequestRefs(repo.id).map((ref) => ({ kind: 'pull-request' as const, name: ref.ref, commit: ref.commit })),
  ];
}

export function hubOverview(store: Store, usage: HubUsage, repo: RepoRecord, dataDir: string): RepoOverview {
  const refs = hubRefs(store, repo);
  const hasMain = refs.some((ref) => ref.kind === 'branch' && ref.name === DEFAULT_BRANCH);
  const anyBranch = refs.find((ref) => ref.kind === 'branch');
  return {
    source: 'hub',
    type: repo.type,
    id: repo.fullName,
    private: repo.private,
    sizeOnDisk: usage.of(repo).sizeOnDisk,
    refs,
    revisions: [],
    defaultRevision: hasMain ? DEFAULT_BRANCH : (anyBranch?.name ?? refs[0]?.name ?? DEFAULT_BRANCH),
    // Hub content lives in the shared, content-addressed blob store: no folder belongs to one repo.
    location: dataDir,
  };
}

export function hubTree(store: Store, repo: RepoRecord, revision: string): RepoTree {
  const commit = store.resolveRevision(repo.id, revision);
  const files: RepoFile[] = [];
  for (const entry of store.listTree(commit, '', { recursive: true })) {
    if (entry.type !== 'file') continue;
    files.push({ path: entry.path, size: entry.size, oid: entry.oid, sha256: entry.lfs?.oid ?? null, lfs: entry.lfs !== undefined });
  }
  return { commit, files };
}

export function hubCommits(store: Store, repo: RepoRecord, revision: string, limit: number): CommitsResponse {
  const commit = store.resolveRevision(repo.id, revision);
  const commits = [];
  let more = false;
  for (const info of store.history(commit)) {
    if (commits.length === limit) {
      more = true;
      break;
    }
    commits.push({ oid: info.oid, title: info.title, author: info.authorName, date: info.date });
  }
  return { commits, more };
}

export function hubReadme(store: Store, repo: RepoRecord, revision: string): ReadmeResponse {
  const commit = store.resolveRevision(repo.id, revision);
  let readme: { path: string; oid: string } | undefined;
  for (const entry of store.listTree(commit, '')) {
    if (entry.type === 'file' && /^readme\.md$/i.test(entry.path)) {
      readme = { path: entry.path, oid: entry.oid };
      break;
    }
  }
  if (!readme) throw new AppError('EntryNotFound', 'This revision has no README.md');
  const bytes = readBlobPrefix(store, readme.oid, README_MAX_BYTES + 1);
  const truncated = bytes.length > README_MAX_BYTES;
  return { path: readme.path, text: bytes.subarray(0, README_MAX_BYTES).toString('utf8'), truncated };
}

function readBlobPrefix(store: Store, oid: string, max: number): Buffer {
  const located = store.locateBlob(oid);
  if (!located) throw new AppError('EntryNotFound', 'The README content is missing from the store');
  if (located.kind === 'inline') return located.data.subarray(0, max);
  const path = located.kind === 'file' ? located.path : store.blobs.pathOf(located.lfsOid);
  if (located.kind === 'file' && located.size <= max) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(max);
    const read = readSync(fd, buffer, 0, max, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Files added, removed or changed between two revisions; identical folders are skipped whole. */
export function hubDiff(store: Store, repo: RepoRecord, from: string, to: string): DiffResponse {
  const fromCommit = store.resolveRevision(repo.id, from);
  const toCommit = store.resolveRevision(repo.id, to);
  const fromTree = store.getCommit(fromCommit)?.treeOid;
  const toTree = store.getCommit(toCommit)?.treeOid;
  if (fromTree === undefined || toTree === undefined) throw new AppError('RevisionNotFound', 'Commit not found');
  const changes: FileChange[] = [];
  const describe = (commit: string, path: string): { size: number; oid: string } | null => {
    const entry = store.getEntry(commit, path);
    return entry?.type === 'file' ? { size: entry.size, oid: entry.lfs?.oid ?? entry.oid } : null;
  };
  const addAll = (commit: string, folder: string, change: 'added' | 'removed'): void => {
    for (const entry of store.listTree(commit, folder, { recursive: true })) {
      if (entry.type !== 'file') continue;
      const side = { size: entry.size, oid: entry.lfs?.oid ?? entry.oid };
      changes.push({ path: entry.path, change, before: change === 'removed' ? side : null, after: change === 'added' ? side : null });
    }
  };
  const walk = (a: string | undefined, b: string | undefined, prefix: string): void => {
    if (a === b) return;
    const left = new Map((a === undefined ? [] : store.treeEntries(a)).map((entry) => [entry.name, entry]));
    const right = new Map((b === undefined ? [] : store.treeEntries(b)).map((entry) => [entry.name, entry]));
    const names = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const name of names) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const l = left.get(name);
      const r = right.get(name);
      if (l && r && l.oid === r.oid && l.mode === r.mode) continue;
      const lDir = l?.mode === TREE_MODE;
      const rDir = r?.mode === TREE_MODE;
      if (lDir && rDir) {
        walk(l.oid, r.oid, path);
        continue;
      }
      if (lDir) addAll(fromCommit, path, 'removed');
      else if (l) changes.push({ path, change: r && !rDir ? 'modified' : 'removed', before: describe(fromCommit, path), after: r && !rDir ? describe(toCommit, path) : null });
      if (rDir) addAll(toCommit, path, 'added');
      else if (r && (!l || lDir)) changes.push({ path, change: 'added', before: null, after: describe(toCommit, path) });
    }
  };
  walk(fromTree, toTree, '');
  changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { from: fromCommit, to: toCommit, changes };
}

/** A branch or tag of the repo by its full ref name ("refs/heads/x" or "refs/tags/x"), or RevisionNotFound. */
export function findRef(store: Store, repo: RepoRecord, refName: string): RepoRef {
  const ref = hubRefs(store, repo).find(
    (candidate) => candidate.kind !== 'pull-request' && `${candidate.kind === 'branch' ? BRANCH_PREFIX : TAG_PREFIX}${candidate.name}` === refName,
  );
  if (!ref) throw new AppError('RevisionNotFound', `${refName} does not exist`);
  return ref;
}

export function hubDeletePreview(store: Store, usage: HubUsage, repo: RepoRecord, refName: string): DeletePreview {
  const ref = findRef(store, repo, refName);
  const others = hubRefs(store, repo)
    .filter((candidate) => !(candidate.kind === ref.kind && candidate.name === ref.name))
    .map((candidate) => candidate.commit);
  const exclusive = usage.exclusive(ref.commit, others);
  return { freedBytes: exclusive.sizeOnDisk, files: exclusive.files, deferred: true };
}

export function deleteHubRef(store: Store, repo: RepoRecord, refName: string): void {
  const ref = findRef(store, repo, refName);
  if (ref.kind === 'branch') store.deleteBranch(repo.id, ref.name);
  else store.deleteTag(repo.id, ref.name);
}
