import type { RemoteTreeEntry } from '../upstream/index.js';
import { byCodePoint, digestOf, duplicate, fileLine, folderLine, pathSegments, structureFile, type StructureFile } from './structure-tree.js';

/** A folder handed to the sink: its digest, the hub's oid for it (from its parent's listing) and what the sink made of it. */
export interface SealedFolder<R> {
  readonly kind: 'sealed';
  oid: string | undefined;
  readonly digest: string;
  readonly ref: R;
}

/** A folder's entries by name, in code-point order, as the sink receives them. */
export type SealedEntries<R> = ReadonlyArray<readonly [string, StructureFile | SealedFolder<R>]>;

/** Takes each folder as it is sealed (its subfolders before it) and returns what its parent refers to it by. */
export type FolderSink<R> = (digest: string, entries: SealedEntries<R>) => R;

interface OpenFolder<R> {
  readonly name: string;
  oid: string | undefined;
  readonly entries: Map<string, StructureFile | OpenFolder<R> | SealedFolder<R>>;
}

/** The listing left a folder and came back to it: it cannot be streamed (StructureBuilder can take it). */
export class ListingOutOfOrder extends Error {
  constructor(readonly path: string) {
    super(`the listing came back to a folder it had left, at "${path}"`);
  }
}

/**
 * Builds a structure from a recursive listing whose folders come each in one run (git order,
 * or sorted by path, as hubs list), handing each folder to the sink as soon as the listing leaves
 * it: memory holds the open folders on the current path, not the tree. A listing that comes back
 * to a folder it left throws ListingOutOfOrder; digests are StructureBuilder's.
 */
export class StreamingStructureBuilder<R> {
  /** The folders from the root to the one the listing is in. */
  private readonly open: Array<OpenFolder<R>> = [{ name: '', oid: undefined, entries: new Map() }];
  private files = 0;
  private totalSize = 0;

  constructor(
    private readonly source: string,
    private readonly sink: FolderSink<R>,
  ) {}

  add(entry: RemoteTreeEntry): void {
    const segments = pathSegments(entry, this.source);
    const name = segments.pop() as string;
    let depth = 1;
    while (depth < this.open.length && this.open[depth]?.name === segments[depth - 1]) depth++;
    while (this.open.length > depth) this.closeInnermost();
    for (const segment of segments.slice(depth - 1)) {
      const parent = this.innermost();
      const existing = parent.entries.get(segment);
      if (existing === undefined) {
        const created: OpenFolder<R> = { name: segment, oid: undefined, entries: new Map() };
        parent.entries.set(segment, created);
        this.open.push(created);
      } else if (isOpen(existing)) {
        this.open.push(existing);
      } else if (existing.kind === 'sealed') {
        throw new ListingOutOfOrder(entry.path);
      } else {
        throw duplicate(entry.path, this.source);
      }
    }
    const parent = this.innermost();
    const existing = parent.entries.get(name);
    if (entry.type === 'directory') {
      if (existing === undefined) parent.entries.set(name, { name, oid: entry.oid, entries: new Map() });
      else if (isOpen(existing) || existing.kind === 'sealed') existing.oid ??= entry.oid;
      else throw duplicate(entry.path, this.source);
      return;
    }
    if (existing !== undefined) throw duplicate(entry.path, this.source);
    parent.entries.set(name, structureFile(entry));
    this.files += 1;
    this.totalSize += entry.size;
  }

  /** Seals the folders still open, the root last; the builder must not be used after. */
  finish(): { root: SealedFolder<R>; files: number; totalSize: number } {
    while (this.open.length > 1) this.closeInnermost();
    return { root: this.seal(this.innermost()), files: this.files, totalSize: this.totalSize };
  }

  private innermost(): OpenFolder<R> {
    return this.open[this.open.length - 1] as OpenFolder<R>;
  }

  private closeInnermost(): void {
    const folder = this.open.pop() as OpenFolder<R>;
    this.innermost().entries.set(folder.name, this.seal(folder));
  }

  /** Seals a folder (and any subfolder still open in it, such as one only its folder entry named). */
  private seal(folder: OpenFolder<R>): SealedFolder<R> {
    const entries: Array<[string, StructureFile | SealedFolder<R>]> = [];
    let lines = '';
    for (const name of [...folder.entries.keys()].sort(byCodePoint)) {
      let entry = folder.entries.get(name) as StructureFile | OpenFolder<R> | SealedFolder<R>;
      if (isOpen(entry)) entry = this.seal(entry);
      entries.push([name, entry]);
      lines += entry.kind === 'file' ? fileLine(name, entry) : folderLine(name, entry.digest, entry.oid);
    }
    const digest = digestOf(lines);
    return { kind: 'sealed', oid: folder.oid, digest, ref: this.sink(digest, entries) };
  }
}

function isOpen<R>(entry: StructureFile | OpenFolder<R> | SealedFolder<R>): entry is OpenFolder<R> {
  return !('kind' in entry);
}
