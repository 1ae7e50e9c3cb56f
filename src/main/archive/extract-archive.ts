import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../shared/errors.js';
import { archiveKind, defaultExtractPath, type ArchiveKind } from './archive-kind.js';
import { extractTar } from './extract-tar.js';
import { extractZip } from './extract-zip.js';
import { isInside } from './safe-entry-path.js';
import { xzDecompress } from './xz-stream.js';

export interface ExtractOptions {
  /** Default: beside the archive (see defaultExtractPath). */
  readonly destination?: string;
  /** Replace an existing destination instead of refusing. */
  readonly overwrite?: boolean;
  readonly signal?: AbortSignal;
}

export interface ExtractResult {
  readonly kind: ArchiveKind;
  readonly destination: string;
  readonly files: number;
}

/**
 * Extracts a zip, tar, tar.gz/tgz, tar.xz/txz archive into a folder, or decompresses a single
 * .gz/.xz file, path-traversal safe: entries with `..`, absolute names, or links leading out
 * are refused. Everything is written into a temp folder beside the destination and renamed
 * into place only once complete and checked, so a failure leaves nothing half-extracted.
 */
export async function extractArchive(archive: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const kind = archiveKind(archive);
  if (!kind) throw new AppError('BadRequest', `${basename(archive)} is not a zip, tar, tar.gz, tgz, tar.xz, gz or xz file`);
  const destination = options.destination ?? defaultExtractPath(archive);
  const existing = await lstat(destination).catch(() => undefined);
  if (existing && !options.overwrite) throw new AppError('Conflict', `${destination} already exists; pass overwrite to replace it`);
  await mkdir(dirname(destination), { recursive: true });
  const temp = join(dirname(destination), `.${basename(destination)}.extracting-${randomBytes(4).toString('hex')}`);
  try {
    let files: number;
    if (kind === 'gz' || kind === 'xz') {
      await decompressSingle(archive, temp, kind, options.signal);
      files = 1;
    } else {
      await mkdir(temp);
      if (kind === 'zip') await extractZip(archive, temp, options.signal);
      else await extractTar(archive, temp, kind === 'tar.xz', options.signal);
      files = await checkTree(temp);
    }
    if (existing) await rm(destination, { recursive: true, force: true });
    await rename(temp, destination);
    return { kind, destination, files };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function decompressSingle(archive: string, target: string, kind: 'gz' | 'xz', signal: AbortSignal | undefined): Promise<void> {
  const source = createReadStream(archive, { highWaterMark: 1024 * 1024, signal });
  const sink = createWriteStream(target, { flags: 'wx' });
  if (kind === 'gz') {
    await pipeline(source, createGunzip(), sink, signal ? { signal } : {});
  } else {
    await pipeline(xzDecompress(source), sink, signal ? { signal } : {});
  }
}

/**
 * After extraction, before anything becomes visible: every symlink must still resolve inside
 * the folder (a chain of links can leave it even when each one looks harmless). Counts files.
 */
async function checkTree(root: string): Promise<number> {
  const realRoot = await realpath(root);
  let files = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(path);
        continue;
      }
      if (entry.isSymbolicLink()) {
        const resolved = await realpath(path).catch(() => undefined);
        if (resolved !== undefined && !isInside(realRoot, resolved)) {
          throw new AppError('BadRequest', `Refusing archive: the link ${path.slice(root.length + 1)} leads outside the destination`);
        }
      }
      files++;
    }
  };
  await visit(root);
  return files;
}
