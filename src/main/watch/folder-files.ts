import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { checkCommitPath } from '../../shared/repo-path.js';

/** A file of a folder being imported: its repo path and where its bytes are. */
export interface FolderFile {
  /** The path in the repo ("/"-separated, relative to the folder). */
  readonly path: string;
  /** The file's real path (a link inside the folder resolved). */
  readonly file: string;
  readonly size: number;
  readonly dev: number;
  readonly ino: number;
}

/** Never imported: a git clone's objects, huggingface_hub's local-dir metadata, unfinished downloads. */
function isSkipped(name: string, topLevel: boolean): boolean {
  return name === '.git' || (topLevel && name === '.cache') || name.endsWith('.incomplete');
}

/**
 * Every file of a folder to import, sorted by path, checked before anything is written: the
 * folder must exist and be a folder, each path must be a valid repo path, and a symbolic link
 * must stay inside the folder (a link out of it is refused, so an import never takes a file
 * from elsewhere). Links to folders inside it are followed once.
 */
export async function listFolderFiles(folder: string, signal?: AbortSignal): Promise<FolderFile[]> {
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new AppError('NotFound', `No folder at ${folder}`);
    throw new AppError('BadRequest', `Cannot read ${folder}: ${error.message}`);
  });
  if (!info.isDirectory()) throw new AppError('BadRequest', `${folder} is not a folder`);
  const root = await realpath(folder);
  const files: FolderFile[] = [];
  const visited = new Set<string>([`${info.dev}:${info.ino}`]);

  const visit = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      signal?.throwIfAborted();
      if (isSkipped(entry.name, prefix === '')) continue;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      let real = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        real = await realpath(real).catch(() => {
          throw new AppError('BadRequest', `${path} is a link to nothing (a broken link); fix or remove it`);
        });
        if (!isInside(root, real)) throw new AppError('BadRequest', `${path} links to ${real}, outside ${folder}: refused`);
      } else if (!entry.isDirectory() && !entry.isFile()) {
        continue;
      }
      const target = await stat(real);
      if (target.isDirectory()) {
        const identity = `${target.dev}:${target.ino}`;
        if (visited.has(identity)) continue;
        visited.add(identity);
        await visit(real, path);
      } else if (target.isFile()) {
        checkCommitPath(path);
        files.push({ path, file: real, size: target.size, dev: target.dev, ino: target.ino });
      }
    }
  };
  await visit(root, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether `path` is the root or below it (a link back to the root is a loop, not a way out). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
