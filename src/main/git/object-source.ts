import { TREE_MODE, GITLINK_MODE, hexToBytes } from '../../shared/git-objects.js';
import type { BlobBytes, Store } from '../store/index.js';

export type PackObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface CommitNode {
  readonly oid: string;
  readonly tree: string;
  readonly parents: readonly string[];
  /** Committer time, seconds since the epoch. */
  readonly time: number;
}

export interface TreeChild {
  readonly name: string;
  readonly oid: string;
  readonly type: 'tree' | 'blob' | 'gitlink';
}

/**
 * The store's git objects as the protocol needs them: commits with their links, trees with their
 * children, and each object's serialised bytes. Nothing is cached here: a walk keeps ids only.
 */
export class GitObjectSource {
  constructor(private readonly store: Store) {}

  commit(oid: string): CommitNode | undefined {
    const info = this.store.getCommit(oid);
    return info ? { oid, tree: info.treeOid, parents: info.parents, time: Math.floor(info.date / 1000) } : undefined;
  }

  treeChildren(oid: string): TreeChild[] {
    return this.store.treeEntries(oid).map((entry) => ({
      name: entry.name,
      oid: entry.oid,
      type: entry.mode === TREE_MODE ? 'tree' : entry.mode === GITLINK_MODE ? 'gitlink' : 'blob',
    }));
  }

  /** A tree's body exactly as git serialises it: `<mode> <name>\0<20-byte id>` per entry, in git order. */
  treeBody(oid: string): Buffer {
    const parts: Buffer[] = [];
    for (const entry of this.store.treeEntries(oid)) {
      parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(hexToBytes(entry.oid)));
    }
    return Buffer.concat(parts);
  }

  commitBody(oid: string): Buffer | undefined {
    return this.store.rawCommit(oid);
  }

  tagBody(oid: string): Buffer | undefined {
    return this.store.tagObject(oid)?.raw;
  }

  /** Where a blob's bytes are (inline, a content file, or an LFS pointer's text). */
  blob(oid: string): BlobBytes | undefined {
    return this.store.locateBlob(oid);
  }

  /** The git size of a blob (the pointer's length for LFS files). */
  blobSize(oid: string): number | undefined {
    const located = this.store.locateBlob(oid);
    if (!located) return undefined;
    if (located.kind === 'inline') return located.data.length;
    if (located.kind === 'file') return located.size;
    return Buffer.byteLength(located.text);
  }

  /** What kind of object an id names, among those a want may name. */
  typeOf(oid: string): PackObjectType | undefined {
    if (this.store.getCommit(oid)) return 'commit';
    if (this.store.tagObject(oid)) return 'tag';
    if (this.store.locateBlob(oid)) return 'blob';
    if (this.store.treeEntries(oid).length > 0) return 'tree';
    return undefined;
  }
}
