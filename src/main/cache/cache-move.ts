import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readlink, rename, rm, rmdir, symlink, utimes } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { hashFileContent } from '../store/index.js';
import { inodeKey, lstatSafe, readdirSafe } from './cache-fs.js';

export interface MoveProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface MoveOptions {
  /** Leave a symlink at the old place pointing to the new one, for tools that still use the old path. */
  readonly leaveSymlink?: boolean;
  /** Copy and verify even on one file system (what happens across file systems anyway). */
  readonly copy?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: MoveProgress) => void;
}

export interface MoveReport {
  readonly from: string;
  readonly to: string;
  /** `rename` on one file system (instant); `copy` across file systems (copied, verified, then the source removed). */
  readonly method: 'rename' | 'copy';
  readonly files: number;
  readonly symlinks: number;
  readonly bytes: number;
}

const COPY_CHUNK = 4 * 1024 * 1024;

/**
 * Moves a whole HF cache to another folder without downloading anything again. On one file
 * system it is a rename. Across file systems every file is copied (symlinks as symlinks, hard
 * links as hard links, times kept so LRU order survives) into a temp folder beside the target,
 * each copy is re-read and checked against the hash of what was read from the source, the temp
 * folder is renamed into place, and only then is the source removed. A failure before that
 * point leaves the source untouched and removes the partial copy.
 */
export async function moveCache(fromDir: string, toDir: string, options: MoveOptions = {}): Promise<MoveReport> {
  const from = resolve(fromDir);
  const to = resolve(toDir);
  const fromStats = await lstatSafe(from);
  if (!fromStats?.isDirectory()) throw new AppError('NotFound', `${from} is not a folder`);
  if (from === to || isInside(to, from) || isInside(from, to)) throw new AppError('BadRequest', `Cannot move ${from} into ${to}: one contains the other`);
  const target = await lstatSafe(to);
  if (target) {
    if (!target.isDirectory() || (await readdirSafe(to)).length > 0) throw new AppError('Conflict', `${to} already exists and is not an empty folder`);
    await rmdir(to);
  }
  await mkdir(dirname(to), { recursive: true });

  let report: MoveReport | undefined;
  if (!options.copy) {
    try {
      await rename(from, to);
      report = { from, to, method: 'rename', ...(await countTree(to)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    }
  }
  report ??= await copyAcross(from, to, options);
  if (options.leaveSymlink) await symlink(to, from, 'dir');
  return report;
}

async function copyAcross(from: string, to: string, options: MoveOptions): Promise<MoveReport> {
  const bytesTotal = (await countTree(from)).bytes;
  const temp = join(dirname(to), `.${basename(to)}.partial-${randomBytes(4).toString('hex')}`);
  const copied = new Map<string, { kind: 'file'; sha256: string; atime: Date; mtime: Date } | { kind: 'symlink'; target: string }>();
  const linked = new Map<string, string>();
  let bytesDone = 0;
  let files = 0;
  let symlinks = 0;
  const copyDir = async (source: string, dest: string): Promise<void> => {
    await mkdir(dest, { recursive: true });
    for (const entry of await readdirSafe(source)) {
      options.signal?.throwIfAborted();
      const src = join(source, entry.name);
      const dst = join(dest, entry.name);
      const stats = await lstatSafe(src);
      if (!stats) continue;
      if (stats.isDirectory()) {
        await copyDir(src, dst);
      } else if (stats.isSymbolicLink()) {
        const targetText = await readlink(src);
        await symlink(targetText, dst);
        copied.set(dst, { kind: 'symlink', target: targetText });
        symlinks++;
      } else if (stats.isFile()) {
        const first = stats.nlink > 1 ? linked.get(inodeKey(stats)) : undefined;
        if (first !== undefined) {
          await link(first, dst);
          const original = copied.get(first);
          if (original) copied.set(dst, original);
        } else {
          const sha256 = await copyFileHashed(src, dst, stats, options.signal, (n) => {
            bytesDone += n;
            options.onProgress?.({ bytesDone, bytesTotal });
          });
          copied.set(dst, { kind: 'file', sha256, atime: stats.atime, mtime: stats.mtime });
          if (stats.nlink > 1) linked.set(inodeKey(stats), dst);
        }
        files++;
      }
    }
  };
  try {
    await copyDir(from, temp);
    for (const [path, expected] of copied) {
      options.signal?.throwIfAborted();
      const actual = expected.kind === 'file' ? (await hashFileContent(path, undefined, options.signal)).sha256 : await readlink(path);
      const wanted = expected.kind === 'file' ? expected.sha256 : expected.target;
      if (actual !== wanted) throw new AppError('IntegrityError', `The copy of ${relative(temp, path)} differs from the source; nothing was moved`);
    }
    // Times last: reading the copies back moved their access times, which LRU eviction relies on.
    for (const [path, entry] of copied) if (entry.kind === 'file') await utimes(path, entry.atime, entry.mtime);
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await rm(from, { recursive: true, force: true });
  return { from, to, method: 'copy', files, symlinks, bytes: bytesTotal };
}

/** Copies one file in fixed-size chunks, hashing what it reads, and fsyncs it. */
async function copyFileHashed(src: string, dst: string, stats: Stats, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const out = await open(dst, 'wx', stats.mode & 0o777);
  try {
    for await (const chunk of createReadStream(src, { highWaterMark: COPY_CHUNK, signal })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      await out.write(bytes);
      onBytes(bytes.length);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return hash.digest('hex');
}

async function countTree(root: string): Promise<{ files: number; symlinks: number; bytes: number }> {
  let files = 0;
  let symlinks = 0;
  let bytes = 0;
  const seen = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdirSafe(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(path);
      } else if (entry.isSymbolicLink()) {
        symlinks++;
      } else if (entry.isFile()) {
        files++;
        const stats = await lstatSafe(path);
        if (stats && !seen.has(inodeKey(stats))) {
          seen.add(inodeKey(stats));
          bytes += stats.size;
        }
      }
    }
  };
  await visit(root);
  return { files, symlinks, bytes };
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}
