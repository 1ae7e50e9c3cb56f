import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { TREE_MODE, isTreeMode, objectHeader, serializeTree, type TreeEntry } from '../../shared/git-objects.js';
import { lfsPointerText } from '../../shared/lfs-pointer.js';
import { createLfsPrunedTable } from '../db/index.js';
import { hashFileContent } from './blob-store.js';
import type { StoreContext } from './store-context.js';

export interface IntegrityReport {
  readonly commits: number;
  readonly trees: number;
  readonly blobs: number;
  /** Content files under blobs/ that were re-hashed (0 without `rehash`). */
  readonly contentFiles: number;
  readonly problems: readonly string[];
}

/**
 * Our `git fsck`: every ref points at a commit; every commit, tree and blob reachable from a ref
 * exists and hashes to its id; every content file a blob needs exists with the recorded size;
 * nothing is left in the temp dir. With `rehash`, every file under blobs/ is re-hashed too
 * (its name is its sha256; a regular file's bytes must also give its git oid).
 */
export async function checkIntegrity(ctx: StoreContext, options: { rehash?: boolean } = {}): Promise<IntegrityReport> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const blobs = new Set<string>();
  let commits = 0;
  let trees = 0;
  const pendingCommits: string[] = [];
  for (const ref of ctx.refs.all()) {
    if (ctx.objects.getCommit(ref.commit_oid)) pendingCommits.push(ref.commit_oid);
    else problems.push(`ref ${ref.name} of ${repoLabel(ctx, ref.repo_id)} points at a missing commit ${ref.commit_oid}`);
  }
  const pendingTrees: string[] = [];
  while (pendingCommits.length > 0) {
    const oid = pendingCommits.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const commit = ctx.objects.getCommit(oid);
    if (!commit) {
      problems.push(`missing commit ${oid}`);
      continue;
    }
    commits++;
    if (gitHash('commit', commit.raw) !== oid) problems.push(`commit ${oid} does not hash to its id`);
    pendingTrees.push(commit.tree_oid);
    if (commit.parents !== '') pendingCommits.push(...commit.parents.split(' '));
  }
  while (pendingTrees.length > 0) {
    const oid = pendingTrees.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    if (!ctx.objects.hasTree(oid)) {
      problems.push(`missing tree ${oid}`);
      continue;
    }
    trees++;
    const entries: TreeEntry[] = [];
    for (const entry of ctx.objects.treeEntries(oid)) {
      if (!isTreeMode(entry.mode)) {
        problems.push(`tree ${oid} has an entry "${entry.name}" with an unknown mode ${entry.mode}`);
        continue;
      }
      entries.push({ name: entry.name, mode: entry.mode, oid: entry.oid });
      if (entry.mode === TREE_MODE) pendingTrees.push(entry.oid);
      else blobs.add(entry.oid);
    }
    if (gitHash('tree', serializeTree(entries)) !== oid) problems.push(`tree ${oid} does not hash to its id`);
  }

  const pruned = createLfsPrunedTable(ctx.db);
  /** Content files reachable blobs need: sha256 -> the git oid its bytes must give (undefined for LFS). */
  const needed = new Map<string, string | undefined>();
  for (const oid of blobs) {
    const row = ctx.objects.getBlob(oid);
    if (!row) {
      problems.push(`missing blob ${oid}`);
      continue;
    }
    if (row.lfs_oid !== null && row.lfs_size !== null) {
      if (gitHash('blob', Buffer.from(lfsPointerText({ oid: row.lfs_oid, size: row.lfs_size }))) !== oid) {
        problems.push(`LFS pointer blob ${oid} does not hash to its id`);
      }
    } else if (row.content !== null && gitHash('blob', row.content) !== oid) {
      problems.push(`blob ${oid} (stored in the database) does not hash to its id`);
    }
    const contentSha = row.lfs_oid ?? (row.sha256 !== null && row.inline === 0 ? row.sha256 : undefined);
    if (contentSha === undefined) continue;
    const expectedSize = row.lfs_size ?? row.size;
    const info = await stat(ctx.blobs.pathOf(contentSha)).catch(() => undefined);
    if (!info) {
      // LFS versions released by a keep-versions policy are gone on purpose.
      if (row.lfs_oid === null || !pruned.has(contentSha)) problems.push(`missing content file ${contentSha} of blob ${oid}`);
    } else if (info.size !== expectedSize) problems.push(`content file ${contentSha} has ${info.size} bytes, expected ${expectedSize}`);
    else needed.set(contentSha, row.lfs_oid === null ? oid : needed.get(contentSha));
  }

  let contentFiles = 0;
  if (options.rehash) {
    for await (const file of ctx.blobs.list()) {
      contentFiles++;
      const gitOid = needed.get(file.sha256);
      const hashed = await hashFileContent(ctx.blobs.pathOf(file.sha256), gitOid === undefined ? undefined : file.size);
      if (hashed.sha256 !== file.sha256) problems.push(`content file ${file.sha256} is corrupt (its bytes hash to ${hashed.sha256})`);
      else if (gitOid !== undefined && hashed.gitOid !== gitOid) problems.push(`content file ${file.sha256} does not give blob ${gitOid}`);
    }
  }
  for (const name of await ctx.blobs.listTemp()) problems.push(`temp file tmp/${name} left by an unfinished write`);
  return { commits, trees, blobs: blobs.size, contentFiles, problems };
}

function gitHash(type: 'blob' | 'tree' | 'commit', body: Uint8Array): string {
  return createHash('sha1').update(objectHeader(type, body.length)).update(body).digest('hex');
}

function repoLabel(ctx: StoreContext, repoId: number): string {
  const repo = ctx.repos.findById(repoId);
  return repo ? `${repo.type} ${repo.namespace}/${repo.name}` : `repo #${repoId}`;
}
