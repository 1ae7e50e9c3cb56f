import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileChange, LibraryRepo, RepoFile, RepoOverview } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { executeDeletion, planDeletion, type CachedRepo, type CachedRevision } from '../cache/index.js';
import type { CacheScanner } from './cache-scanner.js';
import { README_MAX_BYTES } from './hub-repo-views.js';
import type { RepoAddress, RepoViews } from './repo-views.js';

/** A cached file as the UI shows it: the blob's name is its etag (sha256 for LFS files, the git oid otherwise). */
function toRepoFile(file: CachedRevision['files'][number]): RepoFile {
  const etag = basename(file.blobPath);
  const lfs = /^[0-9a-f]{64}$/.test(etag);
  return { path: file.name, size: file.size, oid: etag, sha256: lfs ? etag : null, lfs };
}

function findRevision(repo: CachedRepo, revision: string): CachedRevision {
  const found =
    repo.revisions.find((candidate) => candidate.commitHash === revision) ??
    repo.revisions.find((candidate) => candidate.refs.includes(revision) || candidate.refs.includes(`refs/heads/${revision}`));
  if (!found) throw new AppError('RevisionNotFound', `The cache holds no snapshot ${revision} of ${repo.repoId}`);
  return found;
}

function defaultRevision(repo: CachedRepo): string {
  return (repo.revisions.find((revision) => revision.refs.includes('main')) ?? repo.revisions[0])?.commitHash ?? 'main';
}

/** The repo screens over the Hugging Face cache folder (read with the cache engine's scanner). */
export function createCacheSource(scanner: CacheScanner): RepoViews {
  async function load(address: RepoAddress): Promise<CachedRepo> {
    try {
      const repo = await scanner.repo(address.type, address.id);
      if (repo.revisions.length === 0 && repo.problems.length > 0) throw new AppError('RepoNotFound', `The cache holds no ${address.type} ${address.id}`);
      return repo;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('RepoNotFound', `The cache holds no ${address.type} ${address.id}`, {}, { cause: error });
    }
  }

  async function plan(address: RepoAddress, commit: string) {
    const scan = await scanner.scan();
    const repo = scan.repos.find((candidate) => candidate.repoType === address.type && candidate.repoId === address.id);
    if (!repo) throw new AppError('RepoNotFound', `The cache holds no ${address.type} ${address.id}`);
    const revision = findRevision(repo, commit);
    return planDeletion(scan, [{ repoPath: repo.repoPath, commitHash: revision.commitHash }]);
  }

  return {
    async list() {
      return (await scanner.repos()).map(
        (repo): LibraryRepo => ({
          source: 'cache',
          type: repo.repoType,
          id: repo.repoId,
          sizeOnDisk: repo.sizeOnDisk,
          files: repo.nbFiles,
          revisions: repo.revisions.length,
          refs: [...new Set(repo.revisions.flatMap((revision) => revision.refs))],
          lastUsed: repo.lastAccessedMs,
          private: false,
        }),
      );
    },

    async overview(_session, address): Promise<RepoOverview> {
      const repo = await load(address);
      return {
        source: 'cache',
        type: repo.repoType,
        id: repo.repoId,
        private: false,
        sizeOnDisk: repo.sizeOnDisk,
        refs: repo.revisions.flatMap((revision) => revision.refs.map((name) => ({ kind: 'branch' as const, name, commit: revision.commitHash }))),
        revisions: repo.revisions.map((revision) => ({
          commit: revision.commitHash,
          refs: revision.refs,
          sizeOnDisk: revision.sizeOnDisk,
          files: revision.nbFiles,
          lastModified: revision.lastModifiedMs,
        })),
        defaultRevision: defaultRevision(repo),
        location: repo.repoPath,
      };
    },

    async tree(_session, address, revision) {
      const found = findRevision(await load(address), revision);
      return { commit: found.commitHash, files: found.files.map(toRepoFile).sort((a, b) => (a.path < b.path ? -1 : 1)) };
    },

    async commits(_session, address) {
      await load(address);
      return { commits: [], more: false };
    },

    async readme(_session, address, revision) {
      const found = findRevision(await load(address), revision);
      const file = found.files.find((candidate) => /^readme\.md$/i.test(candidate.name));
      if (!file) throw new AppError('EntryNotFound', 'This snapshot has no README.md');
      const handle = await open(file.blobPath, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(file.size, README_MAX_BYTES));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return { path: file.name, text: buffer.subarray(0, bytesRead).toString('utf8'), truncated: file.size > README_MAX_BYTES };
      } finally {
        await handle.close();
      }
    },

    async diff(_session, address, from, to) {
      const repo = await load(address);
      const before = new Map(findRevision(repo, from).files.map((file) => [file.name, toRepoFile(file)]));
      const after = new Map(findRevision(repo, to).files.map((file) => [file.name, toRepoFile(file)]));
      const changes: FileChange[] = [];
      for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        const a = before.get(path);
        const b = after.get(path);
        if (a && b && a.oid === b.oid) continue;
        changes.push({
          path,
          change: a && b ? 'modified' : a ? 'removed' : 'added',
          before: a ? { size: a.size, oid: a.oid } : null,
          after: b ? { size: b.size, oid: b.oid } : null,
        });
      }
      return { from: findRevision(repo, from).commitHash, to: findRevision(repo, to).commitHash, changes };
    },

    async location(_session, address, revision) {
      const repo = await load(address);
      return repo.revisions.length === 0 ? repo.repoPath : findRevision(repo, revision).snapshotPath;
    },

    async deletePreview(_session, address, revision) {
      const deletion = await plan(address, revision);
      return { freedBytes: deletion.expectedFreedBytes, files: deletion.items.filter((item) => item.kind === 'blob').length, deferred: false };
    },

    async deleteRevision(_session, address, revision) {
      const report = await executeDeletion(await plan(address, revision));
      scanner.invalidate();
      return { freedBytes: report.freedBytes, deferred: false };
    },
  };
}
