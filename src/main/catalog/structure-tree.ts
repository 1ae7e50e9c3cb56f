import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { RemoteTreeEntry } from '../upstream/index.js';

export interface StructureFile {
  readonly kind: 'file';
  readonly size: number;
  readonly oid: string;
  readonly lfs: { readonly sha256: string; readonly size: number } | undefined;
}

export interface StructureFolder {
  readonly kind: 'folder';
  /** The hub's folder oid (a git tree id on git-based hubs), when it gives one. */
  readonly oid: string | undefined;
  /** sha256 of the entries (names, hashes, subfolder digests), its first 128 bits: equal folders have equal digests. */
  readonly digest: string;
  readonly entries: ReadonlyMap<string, StructureFile | StructureFolder>;
}

export interface Structure {
  readonly root: StructureFolder;
  readonly files: number;
  readonly totalSize: number;
}

interface DraftFolder {
  oid: string | undefined;
  entries: Map<string, StructureFile | DraftFolder>;
}

/**
 * Builds a folder tree from a recursive tree listing, entry by entry as pages arrive (entries in
 * any order; folders the listing leaves out are implied by their files), then gives each folder
 * its content digest. A listing with a path that cannot be a file's (empty segment, `.`, `..`) or
 * that holds a path twice is refused: it is the hub's answer that is wrong.
 */
export class StructureBuilder {
  private readonly root: DraftFolder = { oid: undefined, entries: new Map() };
  private files = 0;
  private totalSize = 0;

  constructor(private readonly source: string) {}

  add(entry: RemoteTreeEntry): void {
    const { source } = this;
    const segments = pathSegments(entry, source);
    const name = segments.pop() as string;
    const parent = folderAt(this.root, segments, entry.path, source);
    const existing = parent.entries.get(name);
    if (entry.type === 'directory') {
      if (existing === undefined) parent.entries.set(name, { oid: entry.oid, entries: new Map() });
      else if (!isDraftFolder(existing)) throw duplicate(entry.path, source);
      else existing.oid ??= entry.oid;
      return;
    }
    if (existing !== undefined) throw duplicate(entry.path, source);
    parent.entries.set(name, structureFile(entry));
    this.files += 1;
    this.totalSize += entry.size;
  }

  /** The sealed structure; the builder must not be used after. */
  finish(): Structure {
    return { root: seal(this.root), files: this.files, totalSize: this.totalSize };
  }
}

/** A whole listing at once (see StructureBuilder). */
export function buildStructure(listing: Iterable<RemoteTreeEntry>, source: string): Structure {
  const builder = new StructureBuilder(source);
  for (const entry of listing) builder.add(entry);
  return builder.finish();
}

/** The segments of a listed path; one that cannot be a file's (empty segment, `.`, `..`) is the hub's error. */
export function pathSegments(entry: RemoteTreeEntry, source: string): string[] {
  const segments = entry.path.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new AppError('UpstreamUnavailable', `${source} listed an invalid path "${entry.path}"`);
  }
  return segments;
}

/** A listed file as the structure keeps it. */
export function structureFile(entry: RemoteTreeEntry & { type: 'file' }): StructureFile {
  return { kind: 'file', size: entry.size, oid: entry.oid, lfs: entry.lfs ? { sha256: entry.lfs.oid, size: entry.lfs.size } : undefined };
}

// The lines are the JSON of an array (`["f",name,size,oid,sha256,lfsSize]`), written out term by
// term: the same text as JSON.stringify of the array (stored digests depend on it), without
// building the array for every listed entry.

/** A folder's line in its parent's digest. */
export function folderLine(name: string, digest: string, oid: string | undefined): string {
  return `["d",${JSON.stringify(name)},${JSON.stringify(digest)},${oid === undefined ? 'null' : JSON.stringify(oid)}]\n`;
}

/** A file's line in its folder's digest. */
export function fileLine(name: string, file: StructureFile): string {
  const { lfs } = file;
  return `["f",${JSON.stringify(name)},${jsonNumber(file.size)},${JSON.stringify(file.oid)},${lfs === undefined ? 'null,null' : `${JSON.stringify(lfs.sha256)},${jsonNumber(lfs.size)}`}]\n`;
}

/** A number as JSON.stringify writes it (String does the same for finite numbers). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * The digest of a folder's lines (names in code-point order), hashed in one update (a call per
 * entry cost more than the hashing): the first 128 bits of their sha256, as hex. That many bits
 * tell folders apart as surely as all 256 (a collision needs about 2^64 folders), in half the
 * space of catalog_folders and its digest index (migration 17 shortens the stored ones).
 */
export function digestOf(lines: string): string {
  return createHash('sha256').update(lines).digest('hex').slice(0, 32);
}

function folderAt(root: DraftFolder, segments: readonly string[], path: string, source: string): DraftFolder {
  let folder = root;
  for (const segment of segments) {
    const next = folder.entries.get(segment);
    if (next === undefined) {
      const created: DraftFolder = { oid: undefined, entries: new Map() };
      folder.entries.set(segment, created);
      folder = created;
    } else if (isDraftFolder(next)) {
      folder = next;
    } else {
      throw duplicate(path, source);
    }
  }
  return folder;
}

function isDraftFolder(entry: StructureFile | DraftFolder): entry is DraftFolder {
  return !('kind' in entry);
}

export function duplicate(path: string, source: string): AppError {
  return new AppError('UpstreamUnavailable', `${source} listed "${path}" twice, or as both a file and a folder`);
}

/**
 * Gives every folder its digest, children first, names in code-point order. The draft's map
 * becomes the sealed folder's (its subfolders replaced in place), so a big tree is not held twice.
 */
function seal(draft: DraftFolder): StructureFolder {
  const entries = draft.entries as Map<string, StructureFile | DraftFolder | StructureFolder>;
  let lines = '';
  for (const name of [...entries.keys()].sort(byCodePoint)) {
    const entry = entries.get(name) as StructureFile | DraftFolder;
    if (isDraftFolder(entry)) {
      const folder = seal(entry);
      entries.set(name, folder);
      lines += folderLine(name, folder.digest, folder.oid);
    } else {
      lines += fileLine(name, entry);
    }
  }
  return { kind: 'folder', oid: draft.oid, digest: digestOf(lines), entries: entries as Map<string, StructureFile | StructureFolder> };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
