import { createHash } from 'node:crypto';
import { readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkRepoPath } from '../../shared/repo-path.js';
import { isMissing } from '../cache/index.js';
import { writeAtomic } from '../files/index.js';

/** Where Python keeps what it knows about a file downloaded into a `local_dir`. */
export interface LocalDownloadPaths {
  /** The file itself: `<local_dir>/<path>`. */
  readonly filePath: string;
  /** `<local_dir>/.cache/huggingface/download/<path>.metadata`. */
  readonly metadataPath: string;
  /** `<path>.lock` beside the metadata (Python's filelock; we rely on atomic renames instead). */
  readonly lockPath: string;
}

export interface LocalDownloadMetadata {
  readonly filename: string;
  readonly commitHash: string;
  readonly etag: string;
  /** Seconds since the epoch, as Python's time.time(). */
  readonly timestamp: number;
}

/** `get_local_download_paths` of huggingface_hub's `_local_folder.py`. */
export function localDownloadPaths(localDir: string, filename: string): LocalDownloadPaths {
  const parts = checkRepoPath(filename).split('/');
  const metadataPath = join(huggingfaceDir(localDir), 'download', ...parts) + '.metadata';
  return { filePath: join(localDir, ...parts), metadataPath, lockPath: metadataPath.replace(/\.metadata$/, '.lock') };
}

/** Python's in-flight name for a local_dir download: `<urlsafe-b64(sha1(<name>.metadata))>.<etag>.incomplete` beside the metadata. */
export function localIncompletePath(paths: LocalDownloadPaths, etag: string): string {
  const digest = createHash('sha1').update(basename(paths.metadataPath)).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return join(dirname(paths.metadataPath), `${digest}.${etag}.incomplete`);
}

/**
 * Reads the three-line metadata (commit, etag, timestamp). Like Python, a malformed file is
 * deleted, and the metadata only counts while the file exists and was not modified after it
 * was written (one second of slack for coarse mtimes).
 */
export async function readLocalDownloadMetadata(localDir: string, filename: string): Promise<LocalDownloadMetadata | undefined> {
  const paths = localDownloadPaths(localDir, filename);
  let text: string;
  try {
    text = await readFile(paths.metadataPath, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const [commitHash, etag, time] = text.split('\n').map((line) => line.trim());
  const timestamp = Number(time);
  if (!commitHash || !etag || !time || !Number.isFinite(timestamp)) {
    await unlink(paths.metadataPath).catch(() => undefined);
    return undefined;
  }
  try {
    const file = await stat(paths.filePath);
    return file.mtimeMs / 1000 - 1 <= timestamp ? { filename, commitHash, etag, timestamp } : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Writes the metadata as Python does (`{commit}\n{etag}\n{time.time()}\n`), atomically. */
export async function writeLocalDownloadMetadata(localDir: string, filename: string, commitHash: string, etag: string, nowMs: number = Date.now()): Promise<void> {
  const paths = localDownloadPaths(localDir, filename);
  await ensureLocalDirGitignore(localDir);
  const seconds = String(nowMs / 1000);
  await writeAtomic(paths.metadataPath, `${commitHash}\n${etag}\n${seconds.includes('.') ? seconds : `${seconds}.0`}\n`);
}

/** `<local_dir>/.cache/huggingface`, with the `.gitignore` ("*") Python puts there so the folder stays out of git. */
function huggingfaceDir(localDir: string): string {
  return join(localDir, '.cache', 'huggingface');
}

/** Creates `.cache/huggingface/.gitignore` once, as Python does whenever it touches the folder. */
export async function ensureLocalDirGitignore(localDir: string): Promise<void> {
  const path = join(huggingfaceDir(localDir), '.gitignore');
  await writeAtomicOnce(path, '*');
}

async function writeAtomicOnce(path: string, content: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
    await writeAtomic(path, content);
  }
}
