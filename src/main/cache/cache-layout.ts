import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { writeAtomic } from '../files/index.js';
import { checkRepoPath } from '../../shared/repo-path.js';
import type { RepoType } from '../../shared/repo-id.js';

/** The Hugging Face cache's folder of a repo: "models--org--name" (HF wire protocol §3). */
export function repoFolderName(type: RepoType, repoId: string): string {
  return `${type}s--${repoId.split('/').join('--')}`;
}

/**
 * Splits a folder name as Python's scan_cache_dir does: the type before the first "--" with its
 * last letter dropped ("models" -> "model"), then the id with the other "--" turned into "/".
 * Unknown types come back as they are, so a scanner can name them; undefined without "--".
 */
export function splitRepoFolderName(folder: string): { type: string; repoId: string } | undefined {
  const at = folder.indexOf('--');
  if (at < 0) return undefined;
  return { type: folder.slice(0, at).slice(0, -1), repoId: folder.slice(at + 2).split('--').join('/') };
}

/** Parses a repo folder name back; undefined for folders that are not repo folders. */
export function parseRepoFolderName(folder: string): { type: RepoType; repoId: string } | undefined {
  const match = /^(model|dataset|space)s--(.+)$/.exec(folder);
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1] as RepoType, repoId: match[2].split('--').join('/') };
}

const CACHEDIR_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by HubKeeper.\n# For information about cache directory tags, see https://bford.info/cachedir/\n';
const COMMIT_RE = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/**
 * Paths and atomic writes of the HF cache layout, identical to what Python `huggingface_hub`
 * writes, so both read each other's files: blobs named by etag, relative symlinks from
 * snapshots, refs holding a bare commit id without a newline, `.no_exist` markers.
 */
/** 8 hex digits, unique in this process and unlikely in another (a random start); cheaper than random bytes per file. */
let incompleteCounter = randomBytes(4).readUInt32BE(0);
function nextIncompleteTag(): string {
  incompleteCounter = (incompleteCounter + 1) >>> 0;
  return incompleteCounter.toString(16).padStart(8, '0');
}

/** A blob's name: a git SHA-1 or a sha256, never a path. */
export function checkEtag(etag: string): string {
  if (!/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(etag)) throw new AppError('BadRequest', `Invalid etag "${etag}"`);
  return etag;
}

export class CacheLayout {
  /** `.locks/<repo>` folders known to exist. */
  private readonly lockDirs = new Set<string>();

  constructor(readonly root: string) {}

  repoDir(type: RepoType, repoId: string): string {
    return join(this.root, repoFolderName(type, repoId));
  }

  blobsDir(type: RepoType, repoId: string): string {
    return join(this.repoDir(type, repoId), 'blobs');
  }

  blobPath(type: RepoType, repoId: string, etag: string): string {
    return join(this.blobsDir(type, repoId), checkEtag(etag));
  }

  snapshotDir(type: RepoType, repoId: string, commit: string): string {
    return join(this.repoDir(type, repoId), 'snapshots', checkCommit(commit));
  }

  snapshotPath(type: RepoType, repoId: string, commit: string, path: string): string {
    return join(this.snapshotDir(type, repoId, commit), ...checkRepoPath(path).split('/'));
  }

  refPath(type: RepoType, repoId: string, ref: string): string {
    return join(this.repoDir(type, repoId), 'refs', ...checkRepoPath(ref).split('/'));
  }

  noExistPath(type: RepoType, repoId: string, commit: string, path: string): string {
    return join(this.repoDir(type, repoId), '.no_exist', checkCommit(commit), ...checkRepoPath(path).split('/'));
  }

  lockPath(type: RepoType, repoId: string, etag: string): string {
    return join(this.root, '.locks', repoFolderName(type, repoId), `${etag}.lock`);
  }

  /**
   * Creates Python's empty `.locks/<repo folder>/<etag>.lock` (group-writable, as its
   * WeakFileLock makes it) and refreshes its time, so the cache looks as Python leaves it.
   * Best-effort and never locked: Node cannot flock, and correctness comes from atomic renames.
   */
  touchLock(type: RepoType, repoId: string, etag: string): void {
    const path = this.lockPath(type, repoId, etag);
    try {
      const dir = dirname(path);
      if (!this.lockDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.lockDirs.add(dir);
      }
      // Truncating the (empty) file refreshes its time as Python's open does; synchronous because
      // it is cheaper than a thread-pool round trip, and snapshots touch one per file.
      closeSync(openSync(path, 'w', 0o664));
    } catch {
      // A read-only or odd cache folder must not stop a download.
    }
  }

  /** A unique in-flight name in blobs/, as Python ≥ 1.18 uses: `<etag>.<8hex>.incomplete`. */
  incompletePath(type: RepoType, repoId: string, etag: string): string {
    return `${this.blobPath(type, repoId, etag)}.${nextIncompleteTag()}.incomplete`;
  }

  /** Writes CACHEDIR.TAG once, as Python ≥ 1.9 does. */
  async ensureRoot(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFile(join(this.root, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }

  /** refs/<ref> = commit, bare, no trailing newline (a newline breaks scan_cache_dir), atomically. */
  async writeRef(type: RepoType, repoId: string, ref: string, commit: string): Promise<void> {
    const path = this.refPath(type, repoId, ref);
    await writeAtomic(path, checkCommit(commit));
  }

  async readRef(type: RepoType, repoId: string, ref: string): Promise<string | undefined> {
    try {
      const text = (await readFile(this.refPath(type, repoId, ref), 'utf8')).trim();
      return COMMIT_RE.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Points snapshots/<commit>/<path> at blobs/<etag> with a relative symlink (more `../` for
   * nested paths). Where symlinks are not allowed, the snapshot gets a copy of the blob instead
   * (a hard link where possible): Python's and JS's fallbacks both leave real files there.
   */
  async linkSnapshot(
    type: RepoType,
    repoId: string,
    commit: string,
    path: string,
    etag: string,
    options: { symlinks?: boolean } = {},
  ): Promise<'symlink' | 'hardlink' | 'copy'> {
    const target = this.snapshotPath(type, repoId, commit, path);
    const blob = this.blobPath(type, repoId, etag);
    await mkdir(dirname(target), { recursive: true });
    const relativeBlob = relative(dirname(target), blob).split(sep).join('/');
    if (options.symlinks !== false) {
      try {
        if ((await readlink(target).catch(() => undefined)) === relativeBlob) return 'symlink';
        const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
        await symlink(relativeBlob, temp);
        await rename(temp, target);
        return 'symlink';
      } catch (error) {
        if (!isPermissionError(error)) throw error;
      }
    }
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await link(blob, temp);
      await rename(temp, target);
      return 'hardlink';
    } catch {
      await rm(temp, { force: true });
      await copyFile(blob, temp);
      await rename(temp, target);
      return 'copy';
    }
  }

  /** Marks a file as absent at a commit (what lets offline lookups skip optional files). */
  async markNoExist(type: RepoType, repoId: string, commit: string, path: string): Promise<void> {
    const marker = this.noExistPath(type, repoId, commit, path);
    await mkdir(dirname(marker), { recursive: true });
    await writeFile(marker, '');
  }
}

function checkCommit(commit: string): string {
  if (!COMMIT_RE.test(commit)) throw new AppError('BadRequest', `Invalid commit id "${commit}"`);
  return commit;
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPERM' || code === 'EACCES' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}
