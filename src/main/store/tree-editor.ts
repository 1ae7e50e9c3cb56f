import { AppError } from '../../shared/errors.js';
import {
  FILE_MODE, TREE_MODE, compareTreeEntries, isTreeMode, serializeTree, type TreeEntry, type TreeEntryMode,
} from '../../shared/git-objects.js';
import type { GitObjectsTable } from '../db/index.js';
import { hashGitObject } from './git-hash.js';

interface FileNode {
  readonly kind: 'file';
  readonly mode: TreeEntryMode;
  readonly oid: string;
}

class DirNode {
  readonly kind = 'dir';
  private children: Map<string, FileNode | DirNode> | undefined;
  dirty = false;

  constructor(
    private readonly objects: GitObjectsTable,
    public oid: string | undefined,
  ) {}

  entries(): Map<string, FileNode | DirNode> {
    if (!this.children) {
      this.children = new Map();
      if (this.oid) {
        for (const row of this.objects.treeEntries(this.oid)) {
          if (!isTreeMode(row.mode)) throw new Error(`corrupt tree ${this.oid}: mode ${row.mode}`);
          this.children.set(
            row.name,
            row.mode === TREE_MODE ? new DirNode(this.objects, row.oid) : { kind: 'file', mode: row.mode, oid: row.oid },
          );
        }
      }
    }
    return this.children;
  }
}

export interface FileEntry {
  readonly mode: TreeEntryMode;
  readonly oid: string;
}

/**
 * Edits a git tree in memory, loading only the folders a change touches, then writes the
 * changed trees bottom-up. Unchanged sub-trees keep their oids, so a commit costs what it changes.
 */
export class TreeEditor {
  private readonly root: DirNode;

  constructor(
    private readonly objects: GitObjectsTable,
    rootOid: string | undefined,
  ) {
    this.root = new DirNode(objects, rootOid);
  }

  getFile(path: string): FileEntry | undefined {
    const node = this.find(path);
    return node?.kind === 'file' ? { mode: node.mode, oid: node.oid } : undefined;
  }

  isFolder(path: string): boolean {
    return this.find(path)?.kind === 'dir';
  }

  /** Every file below a folder ("" for the root), with full paths. */
  filesUnder(path: string): Array<{ path: string } & FileEntry> {
    const start = path === '' ? this.root : this.find(path);
    if (start?.kind !== 'dir') return [];
    const out: Array<{ path: string } & FileEntry> = [];
    const walk = (dir: DirNode, prefix: string): void => {
      for (const [name, child] of dir.entries()) {
        const full = prefix ? `${prefix}/${name}` : name;
        if (child.kind === 'dir') walk(child, full);
        else out.push({ path: full, mode: child.mode, oid: child.oid });
      }
    };
    walk(start, path);
    return out;
  }

  setFile(path: string, oid: string, mode: TreeEntryMode = FILE_MODE): void {
    const segments = path.split('/');
    const name = segments.pop() as string;
    let dir = this.root;
    const chain: DirNode[] = [dir];
    let walked = '';
    for (const segment of segments) {
      walked = walked ? `${walked}/${segment}` : segment;
      const child = dir.entries().get(segment);
      if (child?.kind === 'file') {
        throw new AppError('BadRequest', `Cannot add "${path}": "${walked}" is a file`);
      }
      let next = child;
      if (!next) {
        next = new DirNode(this.objects, undefined);
        dir.entries().set(segment, next);
      }
      dir = next;
      chain.push(dir);
    }
    const existing = dir.entries().get(name);
    if (existing?.kind === 'dir') throw new AppError('BadRequest', `Cannot add "${path}": it is a folder`);
    dir.entries().set(name, { kind: 'file', mode, oid });
    for (const node of chain) node.dirty = true;
  }

  /** Removes a file; false if there is no file at that path. */
  deleteFile(path: string): boolean {
    return this.remove(path, 'file');
  }

  /** Removes a folder and everything below it; false if there is no folder at that path. */
  deleteFolder(path: string): boolean {
    return this.remove(path, 'dir');
  }

  /** Persists every changed tree (inside the caller's transaction) and returns the root oid. */
  write(now: number): string {
    return this.writeDir(this.root, now);
  }

  private writeDir(dir: DirNode, now: number): string {
    if (!dir.dirty && dir.oid) return dir.oid;
    const entries: TreeEntry[] = [];
    for (const [name, child] of dir.entries()) {
      if (child.kind === 'dir') {
        if (child.dirty && child.entries().size === 0) continue;
        entries.push({ name, mode: TREE_MODE, oid: this.writeDir(child, now) });
      } else {
        entries.push({ name, mode: child.mode, oid: child.oid });
      }
    }
    entries.sort(compareTreeEntries);
    const oid = hashGitObject('tree', serializeTree(entries));
    if (!this.objects.hasTree(oid)) this.objects.putTree(oid, entries, now);
    dir.oid = oid;
    dir.dirty = false;
    return oid;
  }

  private find(path: string): FileNode | DirNode | undefined {
    let node: FileNode | DirNode = this.root;
    for (const segment of path.split('/')) {
      if (node.kind !== 'dir') return undefined;
      const next: FileNode | DirNode | undefined = node.entries().get(segment);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private remove(path: string, kind: 'file' | 'dir'): boolean {
    const segments = path.split('/');
    const name = segments.pop() as string;
    const chain: DirNode[] = [this.root];
    let dir = this.root;
    for (const segment of segments) {
      const next = dir.entries().get(segment);
      if (next?.kind !== 'dir') return false;
      dir = next;
      chain.push(dir);
    }
    const target = dir.entries().get(name);
    if (target?.kind !== kind) return false;
    dir.entries().delete(name);
    for (const node of chain) node.dirty = true;
    return true;
  }
}
