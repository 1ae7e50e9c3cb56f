import { AppError } from '../../shared/errors.js';
import { parseCommit, type TreeEntry } from '../../shared/git-objects.js';
import type { GitObjectsTable } from '../db/index.js';
import { ContentStager, INLINE_MAX } from './content-staging.js';
import { hashGitObject, sha256Hex } from './git-hash.js';
import type { PushHold } from './push-hold.js';
import type { StoreContext } from './store-context.js';

/** Tree entries written per transaction (one fsync each, not one per row). */
const TREE_BATCH_ENTRIES = 50_000;
const COMMIT_BATCH = 10_000;
/** Small blobs' bytes held before they are written (with the trees and commits so far). */
const BLOB_BATCH_BYTES = 64 * 1024 * 1024;

export interface GitImportOptions {
  /** Called before each write of the staged objects. */
  readonly beforeFlush?: () => void;
  /**
   * Told the bytes of received blobs the store lacks, before they are written: small blobs per
   * write batch (inside its transaction: throwing refuses the batch), larger ones and LFS pointers
   * one by one. A push counts them against its quota.
   */
  readonly onNewBlobs?: (bytes: number) => void;
  /**
   * The push's hold on the garbage collector: objects the store already holds are relied on as they
   * are. Without one (a sync pull), each is written again so that its grace period restarts.
   */
  readonly hold?: PushHold;
}

/** Blobs whose existence is asked in one query. */
const EXISTENCE_BATCH = 10_000;

/** A small blob held until the batch is written: its sha256 is computed only if the store lacks it. */
interface HeldBlob {
  readonly oid: string;
  readonly data: Uint8Array;
}

/** One ref move of a push: `old`/`next` undefined mean "absent" (create / delete). */
export interface PushedRefUpdate {
  readonly name: string;
  readonly old: string | undefined;
  readonly next: string | undefined;
  /** For a tag ref: the annotated tag object (peeling to `next`) git shows for it. */
  readonly tag?: string;
}

/** Why a ref update failed, as git shows it after `ng <ref>`. */
export type RefUpdateOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Writes git objects received by a push, exactly as sent (their ids are kept). Objects stay
 * unreferenced, so invisible, until `applyRefUpdates` moves refs onto them; the garbage collector
 * spares fresh unreferenced objects for its grace period, as it does for staged uploads, and
 * deletes nothing while the push's hold lasts (see PushHold).
 */
export class GitImport {
  private readonly stager: ContentStager;
  private trees: Array<{ readonly oid: string; readonly entries: readonly TreeEntry[] }> = [];
  private treeEntries = 0;
  private commits: Array<Parameters<GitObjectsTable['putCommit']>[0]> = [];
  private blobs: HeldBlob[] = [];
  private tags: Array<{ readonly oid: string; readonly target: string; readonly raw: Uint8Array }> = [];
  private blobBytes = 0;

  constructor(private readonly ctx: StoreContext, private readonly options: GitImportOptions = {}) {
    this.stager = new ContentStager(ctx, options.beforeFlush);
  }

  /**
   * A blob's bytes, `oid` computed by the caller from exactly these bytes (a pack reader hashes
   * each object once). An LFS pointer (`lfs`) becomes an LFS entry: its object must be in the blob store.
   */
  putBlob(oid: string, data: Uint8Array, lfs?: { readonly oid: string; readonly size: number }): Promise<void> | undefined {
    if (lfs) {
      const isNew = this.isNew(oid);
      const staged = this.stager.stageLfsPointer(lfs.oid, lfs.size);
      if (staged.oid === oid) {
        if (isNew) this.options.onNewBlobs?.(data.length);
        return undefined;
      }
    }
    if (data.length <= INLINE_MAX) {
      // Held until the batch is written (no promise per blob: a push holds thousands).
      this.blobs.push({ oid, data });
      this.blobBytes += data.length;
      if (this.blobBytes >= BLOB_BATCH_BYTES) this.flush();
      return undefined;
    }
    if (this.isNew(oid)) this.options.onNewBlobs?.(data.length);
    return this.stageLarge(oid, data);
  }

  private async stageLarge(oid: string, data: Uint8Array): Promise<void> {
    const staged = await this.stager.stageRegular({ source: { data }, size: data.length, sample: data.subarray(0, 512), data });
    if (staged.oid !== oid) throw new Error(`blob ${oid} hashed to ${staged.oid}`);
  }

  /** Whether the store lacks this blob (asked only when someone counts new blobs). */
  private isNew(oid: string): boolean {
    return this.options.onNewBlobs !== undefined && this.ctx.objects.getBlobMeta(oid) === undefined;
  }

  /** An annotated tag object pointing at the commit `target` (the caller checked its headers). */
  putTag(oid: string, target: string, raw: Uint8Array): void {
    if (hashGitObject('tag', raw) !== oid) throw new Error(`tag ${oid} does not hash to its id`);
    this.tags.push({ oid, target, raw });
  }

  /** A tree in git order (the caller checked the order and modes); written in batches, one transaction each. */
  putTree(oid: string, entries: readonly TreeEntry[]): void {
    this.trees.push({ oid, entries });
    this.treeEntries += entries.length;
    if (this.treeEntries >= TREE_BATCH_ENTRIES) this.flush();
  }

  /** A commit; written with the trees it names (after them), in batches. */
  putCommit(oid: string, raw: Uint8Array): void {
    if (hashGitObject('commit', raw) !== oid) throw new Error(`commit ${oid} does not hash to its id`);
    const parsed = parseCommit(raw);
    this.commits.push({
      oid,
      tree: parsed.tree,
      parents: parsed.parents,
      authorName: parsed.author.name,
      authorEmail: parsed.author.email,
      authorTime: parsed.author.time,
      committerTime: parsed.committer.time,
      message: parsed.message,
      raw,
    });
    if (this.commits.length >= COMMIT_BATCH) this.flush();
  }

  /** Makes every staged row durable (one transaction); call before `applyRefUpdates`. */
  flush(): void {
    this.options.beforeFlush?.();
    const { trees, commits, blobs, tags } = this;
    this.tags = [];
    this.trees = [];
    this.commits = [];
    this.blobs = [];
    this.treeEntries = 0;
    this.blobBytes = 0;
    const now = this.ctx.now();
    const { hold } = this.options;
    // Trees the store held already: their grace period restarts, unless a push's hold covers them.
    const retainedTrees: string[] = [];
    this.ctx.db.transaction(() => {
      hold?.refresh();
      this.stager.flush();
      this.writeBlobs(blobs, now);
      for (const tree of trees) {
        if (!this.ctx.objects.hasTree(tree.oid)) this.ctx.objects.putTree(tree.oid, tree.entries, now);
        else if (!hold) retainedTrees.push(tree.oid);
      }
      for (const batch of inBatches(retainedTrees, EXISTENCE_BATCH)) this.ctx.objects.touchTrees(batch, now);
      for (const commit of commits) this.ctx.objects.putCommit(commit, now);
      for (const tag of tags) this.ctx.tags.put(tag.oid, tag.target, tag.raw, now);
    })();
  }

  /** New blobs are inserted with their content; ones the store holds are left as they are under a hold, else get a fresh grace period. */
  private writeBlobs(blobs: readonly HeldBlob[], now: number): void {
    const { objects } = this.ctx;
    for (const batch of inBatches(blobs, EXISTENCE_BATCH)) {
      const oids = batch.map((blob) => blob.oid);
      const stored = this.options.hold ? objects.storedBlobOids(oids) : objects.touchStoredBlobs(oids, now);
      if (this.options.onNewBlobs) {
        let newBytes = 0;
        for (const { oid, data } of batch) if (!stored.has(oid)) newBytes += data.length;
        this.options.onNewBlobs(newBytes);
      }
      for (const { oid, data } of batch) {
        if (!stored.has(oid)) objects.putBlob({ oid, size: data.length, sha256: sha256Hex(data), content: data, lfsOid: null, lfsSize: null }, now);
      }
    }
  }
}

function* inBatches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * Moves a push's refs with the same compare-and-swap as API commits. `atomic`: one transaction,
 * all or nothing; otherwise each ref on its own. Commits the new tips reach join the repo's
 * commits in the same transaction, so the API sees them with the ref.
 */
export function applyRefUpdates(
  ctx: StoreContext,
  repoId: number,
  updates: readonly PushedRefUpdate[],
  options: { readonly atomic: boolean },
): RefUpdateOutcome[] {
  const applyOne = (update: PushedRefUpdate): void => {
    const current = ctx.refs.get(repoId, update.name);
    if (current !== update.old) throw new AppError('ParentCommitMismatch', 'stale info: the ref moved since the push started, fetch first');
    if (update.next === undefined) {
      if (!ctx.refs.remove(repoId, update.name)) throw new AppError('ParentCommitMismatch', 'the ref was already deleted');
    } else {
      addReachableCommits(ctx, repoId, update.next);
      const moved = update.old === undefined ? ctx.refs.create(repoId, update.name, update.next) : ctx.refs.compareAndSwap(repoId, update.name, update.old, update.next);
      if (!moved) throw new AppError('ParentCommitMismatch', 'stale info: the ref moved since the push started, fetch first');
    }
    ctx.tags.setRef(repoId, update.name, update.next === undefined ? undefined : update.tag);
    ctx.repos.touch(repoId, ctx.now());
  };
  const reasonOf = (error: unknown): string => (error instanceof AppError ? error.message : 'failed to update the ref');
  if (options.atomic) {
    let failed: { index: number; reason: string } | undefined;
    try {
      ctx.db.transaction(() => {
        updates.forEach((update, index) => {
          try {
            applyOne(update);
          } catch (error) {
            failed = { index, reason: reasonOf(error) };
            throw error;
          }
        });
      }).immediate();
    } catch (error) {
      if (!failed) throw error;
    }
    const failure = failed;
    if (failure === undefined) return updates.map(() => ({ ok: true }));
    return updates.map((_update, index) => ({ ok: false, reason: index === failure.index ? failure.reason : 'atomic push failed' }));
  }
  return updates.map((update) => {
    try {
      ctx.db.transaction(() => applyOne(update)).immediate();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, reason: reasonOf(error) };
    }
  });
}

/** Registers the commits `tip` reaches that the repo does not list yet (stops at known ones). */
function addReachableCommits(ctx: StoreContext, repoId: number, tip: string): void {
  const pending = [tip];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const oid = pending.pop() as string;
    if (seen.has(oid) || ctx.objects.repoHasCommit(repoId, oid)) continue;
    seen.add(oid);
    const commit = ctx.objects.getCommit(oid);
    if (!commit) throw new AppError('BadRequest', `missing commit ${oid}`);
    ctx.objects.addRepoCommit(repoId, oid);
    if (commit.parents !== '') pending.push(...commit.parents.split(' '));
  }
}
