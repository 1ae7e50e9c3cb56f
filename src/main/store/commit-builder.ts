import { AppError } from '../../shared/errors.js';
import { FILE_MODE, commitMessage, serializeCommit, type Signature } from '../../shared/git-objects.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import { checkCommitPath } from '../../shared/repo-path.js';
import { BRANCH_PREFIX } from '../../shared/ref-name.js';
import { ContentStager, loadContent, type ContentSource, type LoadedContent, type StagedBlob } from './content-staging.js';
import { hashGitObject } from './git-hash.js';
import { GitAttributes, ensureLfsCoverage, shouldUseLfs } from './lfs-rules.js';
import { readBlobText } from './blob-reader.js';
import { parseRepoOptions } from './repo-options.js';
import type { StoreContext } from './store-context.js';
import { TreeEditor } from './tree-editor.js';

export const GITATTRIBUTES = '.gitattributes';

export type CommitOperation =
  /** Add or replace a file; `lfs` "auto" applies the repo's rules (.gitattributes, size threshold, suffix rules, binary sample). */
  | { readonly type: 'add'; readonly path: string; readonly content: ContentSource; readonly lfs?: 'auto' | 'always' | 'never' }
  /** Add or replace a file whose content is already in the blob store (uploaded through the LFS API). */
  | { readonly type: 'addLfs'; readonly path: string; readonly sha256: string; readonly size: number }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'deleteFolder'; readonly path: string }
  /** Copy a file as it is at `revisionCommit` (default: the branch head before this commit). */
  | { readonly type: 'copy'; readonly from: string; readonly to: string; readonly fromCommit?: string };

export interface Author {
  readonly name: string;
  readonly email: string;
}

export interface CommitRequest {
  readonly repoId: number;
  /** A branch name, or a full ref name such as "refs/pr/1" (branch names never start with "refs/"). */
  readonly branch: string;
  /** The head the caller saw; a different head fails with 412 instead of losing an update. */
  readonly parentCommit?: string;
  readonly title: string;
  readonly description?: string;
  readonly author: Author;
  /** The commit's author and committer time (ms since the epoch); default now. A mirrored commit keeps its remote date. */
  readonly date?: number;
  readonly operations: readonly CommitOperation[];
  readonly signal?: AbortSignal;
  /** Work that must commit or roll back with the ref move (pull requests). */
  readonly hooks?: CommitHooks;
}

/** Run inside the commit's transaction. */
export interface CommitHooks {
  /** Before the ref is read: may create the ref; returns the full ref name the commit moves. */
  readonly before?: () => string;
  /** After the ref moved. */
  readonly after?: (result: CommitResult) => void;
}

/** The full name of the ref a commit request moves. */
export function refNameOf(branch: string): string {
  return branch.startsWith('refs/') ? branch : BRANCH_PREFIX + branch;
}

export interface CommitResult {
  readonly commitOid: string;
  readonly treeOid: string;
  readonly parentOid: string | undefined;
}

type ReadyOperation =
  | { readonly type: 'put'; readonly path: string; readonly blob: StagedBlob }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'deleteFolder'; readonly path: string }
  | { readonly type: 'copy'; readonly from: string; readonly to: string; readonly fromCommit?: string };

/**
 * Applies a list of operations to a branch as one commit: content is made durable first, then
 * trees, the commit and the ref move are written in one SQLite transaction with a
 * compare-and-swap on the ref. A crash at any point leaves the previous head intact.
 */
export async function buildCommit(ctx: StoreContext, request: CommitRequest): Promise<CommitResult> {
  if (request.operations.length === 0) throw new AppError('BadRequest', 'A commit needs at least one operation');
  if (request.title.trim() === '') throw new AppError('BadRequest', 'A commit needs a title (summary)');
  validatePaths(request.operations);

  const stager = new ContentStager(ctx);
  const ready = await stageOperations(ctx, stager, request);
  stager.flush();
  request.signal?.throwIfAborted();

  return ctx.db.transaction(() => applyOperations(ctx, stager, request, ready)).immediate();
}

function validatePaths(operations: readonly CommitOperation[]): void {
  for (const op of operations) {
    if (op.type === 'copy') {
      checkCommitPath(op.from);
      checkCommitPath(op.to);
    } else {
      checkCommitPath(op.path);
    }
    if (op.type === 'addLfs' && (!isSha256(op.sha256) || !Number.isSafeInteger(op.size) || op.size < 0)) {
      throw new AppError('BadRequest', `Invalid LFS object for "${op.path}": oid must be 64 hex characters and size a non-negative integer`);
    }
  }
}

/** How many operations are read and staged at once: file I/O round-trips overlap instead of queueing. */
const STAGING_CONCURRENCY = 32;

async function stageOperations(ctx: StoreContext, stager: ContentStager, request: CommitRequest): Promise<ReadyOperation[]> {
  const rules = lfsRulesFor(ctx, request);
  const ready = new Array<ReadyOperation>(request.operations.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < request.operations.length) {
      const index = next++;
      request.signal?.throwIfAborted();
      ready[index] = await stageOperation(ctx, stager, rules, request.operations[index] as CommitOperation, request.signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAGING_CONCURRENCY, request.operations.length) }, worker));
  return ready;
}

async function stageOperation(
  ctx: StoreContext,
  stager: ContentStager,
  rules: LfsRules,
  op: CommitOperation,
  signal: AbortSignal | undefined,
): Promise<ReadyOperation> {
  switch (op.type) {
    case 'add': {
      const content = loadContent(op.content);
      const blob = decideLfs(op, content, rules)
        ? await stager.stageLfs(content, signal)
        : await stager.stageRegular(content, signal);
      return { type: 'put', path: op.path, blob };
    }
    case 'addLfs': {
      const stored = await ctx.blobs.size(op.sha256);
      if (stored === undefined) {
        throw new AppError('UnprocessableEntity', `LFS object ${op.sha256} for "${op.path}" has not been uploaded`);
      }
      if (stored !== op.size) {
        throw new AppError('UnprocessableEntity', `LFS object ${op.sha256} has ${stored} bytes, not ${op.size}`);
      }
      await ctx.blobs.touch(op.sha256);
      return { type: 'put', path: op.path, blob: stager.stageLfsPointer(op.sha256, op.size) };
    }
    default:
      return op;
  }
}

interface LfsRules {
  readonly attributes: GitAttributes;
  readonly threshold: number;
  readonly suffixRules: readonly string[];
}

function lfsRulesFor(ctx: StoreContext, request: CommitRequest): LfsRules {
  const repo = ctx.repos.findById(request.repoId);
  if (!repo) throw new AppError('RepoNotFound', 'Repository not found');
  const threshold = repo.lfs_threshold ?? ctx.defaultLfsThreshold;
  const { lfsSuffixRules: suffixRules } = parseRepoOptions(repo.settings);
  const added = request.operations.find(
    (op): op is Extract<CommitOperation, { type: 'add' }> => op.type === 'add' && op.path === GITATTRIBUTES && 'data' in op.content,
  );
  if (added && 'data' in added.content) {
    return { attributes: new GitAttributes(new TextDecoder().decode(added.content.data)), threshold, suffixRules };
  }
  const head = ctx.refs.get(request.repoId, refNameOf(request.branch));
  const commit = head === undefined ? undefined : ctx.objects.getCommit(head);
  const entry = commit ? new TreeEditor(ctx.objects, commit.tree_oid).getFile(GITATTRIBUTES) : undefined;
  const attributes = entry ? ctx.gitAttributes.get(entry.oid, () => readBlobText(ctx, entry.oid) ?? '') : new GitAttributes('');
  return { attributes, threshold, suffixRules };
}

function decideLfs(op: Extract<CommitOperation, { type: 'add' }>, content: LoadedContent, rules: LfsRules): boolean {
  const mode = op.lfs ?? 'auto';
  if (mode !== 'auto') return mode === 'always';
  return shouldUseLfs({ path: op.path, size: content.size, sample: content.sample }, rules.attributes, rules.threshold, rules.suffixRules);
}

function applyOperations(
  ctx: StoreContext,
  stager: ContentStager,
  request: CommitRequest,
  ready: readonly ReadyOperation[],
): CommitResult {
  const refName = request.hooks?.before?.() ?? refNameOf(request.branch);
  const head = ctx.refs.get(request.repoId, refName);
  if (!head) throw new AppError('RevisionNotFound', `Branch "${request.branch}" does not exist`);
  if (request.parentCommit !== undefined && request.parentCommit !== head) {
    throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
  }
  const headCommit = ctx.objects.getCommit(head);
  if (!headCommit) throw new Error(`corrupt store: ref ${refName} points at missing commit ${head}`);

  const editor = new TreeEditor(ctx.objects, headCommit.tree_oid);
  const before = new TreeEditor(ctx.objects, headCommit.tree_oid);
  const lfsPaths: string[] = [];
  for (const op of ready) {
    switch (op.type) {
      case 'put':
        editor.setFile(op.path, op.blob.oid, FILE_MODE);
        if (op.blob.lfs) lfsPaths.push(op.path);
        break;
      case 'delete':
        // As on the Hub, deleting a path that names a folder deletes the folder.
        if (!editor.deleteFile(op.path) && !editor.deleteFolder(op.path)) {
          throw new AppError('EntryNotFound', `A file with this name doesn't exist: "${op.path}"`);
        }
        break;
      case 'deleteFolder':
        if (!editor.deleteFolder(op.path)) {
          throw new AppError('EntryNotFound', `A folder with this name doesn't exist: "${op.path}"`);
        }
        break;
      case 'copy': {
        const source = op.fromCommit ? treeEditorAt(ctx, request.repoId, op.fromCommit) : before;
        const entry = source.getFile(op.from);
        if (!entry) throw new AppError('EntryNotFound', `A file with this name doesn't exist: "${op.from}"`);
        editor.setFile(op.to, entry.oid, entry.mode);
        if (ctx.objects.getBlobMeta(entry.oid)?.lfs_oid) lfsPaths.push(op.to);
        break;
      }
    }
  }
  coverLfsPaths(ctx, stager, editor, lfsPaths);

  const now = ctx.now();
  const treeOid = editor.write(now);
  const seconds = Math.floor((request.date ?? now) / 1000);
  const signature: Signature = { name: request.author.name, email: request.author.email, time: seconds, timezone: '+0000' };
  const commitOid = writeCommit(ctx, request.repoId, {
    tree: treeOid,
    parents: [head],
    author: signature,
    committer: signature,
    message: commitMessage(request.title, request.description),
  }, now);
  if (!ctx.refs.compareAndSwap(request.repoId, refName, head, commitOid)) {
    throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
  }
  ctx.repos.touch(request.repoId, now);
  const result = { commitOid, treeOid, parentOid: head };
  request.hooks?.after?.(result);
  return result;
}

/** Keeps .gitattributes covering every LFS path, so git clones smudge the files. */
function coverLfsPaths(ctx: StoreContext, stager: ContentStager, editor: TreeEditor, lfsPaths: readonly string[]): void {
  if (lfsPaths.length === 0) return;
  const current = editor.getFile(GITATTRIBUTES);
  const text = current ? readBlobText(ctx, current.oid) : '';
  const updated = ensureLfsCoverage(text, lfsPaths);
  if (updated === undefined) return;
  const blob = stager.stageInlineNow(new TextEncoder().encode(updated));
  editor.setFile(GITATTRIBUTES, blob.oid, FILE_MODE);
}

/** Serialises, stores and registers a commit object for a repo; returns its oid. */
export function writeCommit(
  ctx: StoreContext,
  repoId: number,
  fields: Parameters<typeof serializeCommit>[0],
  now: number,
): string {
  const raw = serializeCommit(fields);
  const oid = hashGitObject('commit', raw);
  ctx.objects.putCommit(
    {
      oid,
      tree: fields.tree,
      parents: fields.parents,
      authorName: fields.author.name,
      authorEmail: fields.author.email,
      authorTime: fields.author.time,
      committerTime: fields.committer.time,
      message: fields.message,
      raw,
    },
    now,
  );
  ctx.objects.addRepoCommit(repoId, oid);
  return oid;
}

function treeEditorAt(ctx: StoreContext, repoId: number, commitOid: string): TreeEditor {
  if (!ctx.objects.repoHasCommit(repoId, commitOid)) {
    throw new AppError('RevisionNotFound', `Commit ${commitOid} is not part of this repository`);
  }
  const commit = ctx.objects.getCommit(commitOid);
  if (!commit) throw new AppError('RevisionNotFound', `Commit ${commitOid} not found`);
  return new TreeEditor(ctx.objects, commit.tree_oid);
}

/** Text of a file at a commit, or undefined if absent (used for .gitattributes). */
export function readFileAtCommit(ctx: StoreContext, commitOid: string, path: string): string | undefined {
  const commit = ctx.objects.getCommit(commitOid);
  if (!commit) return undefined;
  const entry = new TreeEditor(ctx.objects, commit.tree_oid).getFile(path);
  return entry ? readBlobText(ctx, entry.oid) : undefined;
}
