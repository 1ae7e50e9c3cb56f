import { createWriteStream } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../../shared/errors.js';
import { checkSymlinkTarget, safeEntryPath } from './safe-entry-path.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MAX_LINK_TARGET = 4096;

/**
 * Unpacks a zip into `root` with yauzl (streamed, sizes and CRCs checked). Names are checked
 * before anything is written; symlinks are made last, after every file, so no entry can be
 * written through one, and only when they stay inside `root`.
 */
export async function extractZip(file: string, root: string, signal?: AbortSignal): Promise<void> {
  const zip = await openZip(file);
  const links: { path: string; target: string }[] = [];
  try {
    for await (const entry of entries(zip)) {
      signal?.throwIfAborted();
      const target = safeEntryPath(root, entry.fileName);
      const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
      if (entry.fileName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      const stream = await openEntry(zip, entry);
      if ((mode & S_IFMT) === S_IFLNK) {
        const linkTarget = await readSmall(stream, MAX_LINK_TARGET);
        checkSymlinkTarget(root, target, linkTarget);
        links.push({ path: target, target: linkTarget });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const permissions = mode & 0o777;
      await pipeline(stream, createWriteStream(target, { flags: 'wx', mode: permissions === 0 ? 0o644 : permissions & 0o755 }), signal ? { signal } : {});
    }
  } finally {
    zip.close();
  }
  for (const link of links) {
    await mkdir(dirname(link.path), { recursive: true });
    await symlink(link.target, link.path);
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const cleanup = (): void => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      };
      const onEntry = (entry: yauzl.Entry): void => {
        cleanup();
        resolve(entry);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(undefined);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(explainNameError(error));
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (next === undefined) return;
    yield next;
  }
}

/** yauzl checks entry names before we see them; word its refusals as ours. */
function explainNameError(error: Error): Error {
  const match = /^(invalid relative path|absolute path): (.*)$/.exec(error.message);
  if (!match) return error;
  const why = match[1] === 'absolute path' ? 'an absolute path' : 'a ".." segment';
  return new AppError('BadRequest', `Refusing archive entry "${match[2]}": ${why}`, {}, { cause: error });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

async function readSmall(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('A symlink entry in the archive is too long');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
