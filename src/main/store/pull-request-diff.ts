import { readBlobBytes } from './blob-reader.js';
import { unifiedHunks } from './line-diff.js';
import type { StoreContext } from './store-context.js';
import { filesOfTree, treeChanges, treeOfCommit, type FileState } from './tree-changes.js';

/** Files larger than this are summarised as binary instead of diffed line by line. */
const MAX_TEXT_BYTES = 1024 * 1024;
const NULL_OID = '0000000';

/** `git diff from to`: a unified diff of every changed file (LFS files show their pointers, as in git). */
export function unifiedDiff(ctx: StoreContext, fromCommit: string, toCommit: string): string {
  const fromTree = treeOfCommit(ctx, fromCommit);
  const before = filesOfTree(ctx, fromTree);
  let out = '';
  for (const [path, after] of treeChanges(ctx, fromTree, treeOfCommit(ctx, toCommit))) {
    out += fileDiff(ctx, path, before.get(path), after);
  }
  return out;
}

function fileDiff(ctx: StoreContext, path: string, before: FileState | undefined, after: FileState | undefined): string {
  let out = `diff --git a/${path} b/${path}\n`;
  const oldOid = before ? before.oid.slice(0, 7) : NULL_OID;
  const newOid = after ? after.oid.slice(0, 7) : NULL_OID;
  if (!before && after) out += `new file mode ${after.mode}\nindex ${oldOid}..${newOid}\n`;
  else if (before && !after) out += `deleted file mode ${before.mode}\nindex ${oldOid}..${newOid}\n`;
  else if (before && after && before.mode !== after.mode) out += `old mode ${before.mode}\nnew mode ${after.mode}\nindex ${oldOid}..${newOid}\n`;
  else out += `index ${oldOid}..${newOid} ${after?.mode ?? ''}\n`;
  const oldBytes = before ? readBlobBytes(ctx, before.oid) : Buffer.alloc(0);
  const newBytes = after ? readBlobBytes(ctx, after.oid) : Buffer.alloc(0);
  const oldName = before ? `a/${path}` : '/dev/null';
  const newName = after ? `b/${path}` : '/dev/null';
  if (isBinary(oldBytes) || isBinary(newBytes)) return `${out}Binary files ${oldName} and ${newName} differ\n`;
  const hunks = unifiedHunks(oldBytes.toString('utf8'), newBytes.toString('utf8'));
  return hunks === '' ? out : `${out}--- ${oldName}\n+++ ${newName}\n${hunks}`;
}

function isBinary(bytes: Buffer): boolean {
  return bytes.length > MAX_TEXT_BYTES || bytes.subarray(0, 8000).includes(0);
}
