import type { CommitInfo, EntryInfo, Store } from '../store/index.js';
import { isoDate } from '../http/index.js';

export interface LastCommitJson {
  readonly id: string;
  readonly title: string;
  readonly date: string;
}

/** A tree or paths-info entry exactly as HF wire protocol §1.5 (no `xetHash`, no partial `securityFileStatus`). */
export type TreeEntryJson =
  | {
      readonly type: 'file';
      readonly oid: string;
      readonly size: number;
      readonly path: string;
      readonly lfs?: { readonly oid: string; readonly size: number; readonly pointerSize: number };
      readonly lastCommit?: LastCommitJson;
    }
  | { readonly type: 'directory'; readonly oid: string; readonly size: 0; readonly path: string; readonly lastCommit?: LastCommitJson };

export function treeEntryJson(entry: EntryInfo, lastCommit?: CommitInfo): TreeEntryJson {
  const last = lastCommit ? { lastCommit: { id: lastCommit.oid, title: lastCommit.title, date: isoDate(lastCommit.date) } } : {};
  if (entry.type === 'directory') return { type: 'directory', oid: entry.oid, size: 0, path: entry.path, ...last };
  const lfs = entry.lfs ? { lfs: { oid: entry.lfs.oid, size: entry.lfs.size, pointerSize: entry.lfs.pointerSize } } : {};
  return { type: 'file', oid: entry.oid, size: entry.size, path: entry.path, ...lfs, ...last };
}

/** Entries as JSON, with `lastCommit` on each when `expand` is set (one history walk for all of them). */
export function treeEntriesJson(store: Store, commit: string, entries: readonly EntryInfo[], expand: boolean): TreeEntryJson[] {
  if (!expand) return entries.map((entry) => treeEntryJson(entry));
  const last = store.lastCommits(commit, entries.map((entry) => entry.path));
  return entries.map((entry) => treeEntryJson(entry, last.get(entry.path)));
}
