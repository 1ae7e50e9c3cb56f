import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { checkRepoPath } from '../../shared/repo-path.js';
import type * as ArchiveApi from '../archive/index.js';
import type { ArchiveKind } from '../archive/index.js';
import { localDownloadPaths } from './local-dir-metadata.js';

/** Where the downloaded files are: a snapshot of the cache, or a local dir. */
export type DownloadedFiles =
  | { readonly kind: 'cache'; readonly repoDir: string; readonly commit: string }
  | { readonly kind: 'local-dir'; readonly localDir: string };

export interface ExtractedArchive {
  /** The archive's path in the repo. */
  readonly file: string;
  readonly kind: ArchiveKind;
  /** The folder (or, for a single .gz/.xz file, the file) holding the extracted content. */
  readonly path: string;
  /** Entries extracted; undefined when an earlier extraction was kept. */
  readonly files?: number;
  /** True when an extraction at least as new as the archive was already there. */
  readonly reused: boolean;
}

export interface ExtractFailure {
  readonly file: string;
  readonly error: string;
}

export interface ExtractDownloadsOptions {
  /** Extract again even when an up-to-date extraction exists. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

export interface ExtractDownloadsReport {
  readonly extracted: readonly ExtractedArchive[];
  readonly failed: readonly ExtractFailure[];
}

/**
 * Extracts every archive among downloaded files (zip, tar, tar.gz/tgz, tar.xz/txz, gz, xz),
 * path-traversal safe. A snapshot folder must hold the repo's files and nothing else (Python and
 * JS read it), so archives of the cache go to `<repo folder>/extracted/<commit>/<path without
 * the suffix>`, beside `snapshots/` and removed with the revision. In a local dir they go beside
 * the archive (`data/train.tar.gz` -> `data/train/`), unless that would replace a file of the
 * repo. An archive that fails (a `../` entry, a corrupt file) is reported and the others go on.
 */
export async function extractDownloads(where: DownloadedFiles, files: readonly string[], options: ExtractDownloadsOptions = {}): Promise<ExtractDownloadsReport> {
  // Loaded on use: tar, yauzl and the xz decoder weigh ~10 MB that a plain download should not carry.
  const archive = await import('../archive/index.js');
  const extracted: ExtractedArchive[] = [];
  const failed: ExtractFailure[] = [];
  for (const file of files) {
    const kind = archive.archiveKind(file);
    if (kind === undefined) continue;
    options.signal?.throwIfAborted();
    try {
      extracted.push(await extractOne(archive, where, file, kind, options));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      failed.push({ file, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { extracted, failed };
}

type ArchiveModule = typeof ArchiveApi;

/** Where one downloaded archive is and where its content goes. */
function extractionPaths({ defaultExtractPath }: ArchiveModule, where: DownloadedFiles, file: string): { archive: string; destination: string } {
  const parts = checkRepoPath(file).split('/');
  if (where.kind === 'local-dir') {
    const archive = join(where.localDir, ...parts);
    return { archive, destination: defaultExtractPath(archive) };
  }
  const archive = join(where.repoDir, 'snapshots', where.commit, ...parts);
  const destination = defaultExtractPath(join(where.repoDir, 'extracted', where.commit, ...parts));
  return { archive, destination };
}

async function extractOne(module: ArchiveModule, where: DownloadedFiles, file: string, kind: ArchiveKind, options: ExtractDownloadsOptions): Promise<ExtractedArchive> {
  const { archive, destination } = extractionPaths(module, where, file);
  if (where.kind === 'local-dir') await refuseRepoFiles(where.localDir, destination, file);
  const [archiveStats, existing] = await Promise.all([stat(archive), stat(destination).catch(() => undefined)]);
  if (existing && !options.force && existing.mtimeMs >= archiveStats.mtimeMs) return { file, kind, path: destination, reused: true };
  const result = await module.extractArchive(archive, { destination, overwrite: true, ...(options.signal ? { signal: options.signal } : {}) });
  return { file, kind, path: result.destination, files: result.files, reused: false };
}

/** A local dir records every repo file it holds in .cache/huggingface/download/; never extract over one. */
async function refuseRepoFiles(localDir: string, destination: string, file: string): Promise<void> {
  const rel = relative(localDir, destination).split(/[\\/]/).join('/');
  const { metadataPath } = localDownloadPaths(localDir, rel);
  const recordedFolder = metadataPath.slice(0, -'.metadata'.length);
  const clash = (await stat(metadataPath).catch(() => undefined)) ?? (await stat(recordedFolder).catch(() => undefined));
  if (clash) {
    throw new AppError('Conflict', `Not extracting ${file}: ${rel} is part of the repo and would be replaced`);
  }
}
