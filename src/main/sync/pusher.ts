import type { PushPreview } from '../../shared/app-api.js';
import { setMaxListeners } from 'node:events';
import { AppError } from '../../shared/errors.js';
import { isOid } from '../../shared/git-objects.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { TokenLookup } from '../credentials/index.js';
import { createSyncPushesTable, type Db, type SyncPushesTable, type SyncTarget } from '../db/index.js';
import type { FileEntryInfo, Store } from '../store/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { commitBody, type PushOperation } from './push-commit-body.js';
import { RemoteFiles } from './push-compare.js';
import { divergenceError, sameFiles } from './push-divergence.js';
import { LocalTree } from './push-local.js';
import { Slots } from './slots.js';
import { PUSH_BATCH_SIZE, RemoteWriter } from './push-remote.js';
import type { PushSpec } from './push-spec.js';
import { isGitListing, remoteRootTreeOid, treeMismatches } from './tree-check.js';

export interface PusherOptions {
  readonly store: Store;
  readonly db: Db;
  readonly client: UpstreamClient;
  readonly tokens: TokenLookup;
  readonly now?: () => number;
}

export interface PushProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Bytes of file content sent so far, and of all the content to send. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface PushCall {
  /** A token given for this push; else the one saved for the hub. */
  readonly token?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PushProgress) => void;
}

export interface PushResult {
  /** The local repo. */
  readonly repo: string;
  readonly remoteRepo: string;
  readonly endpoint: string;
  /** The remote branch written to. */
  readonly branch: string;
  readonly localCommit: string;
  /** The remote's head after the push (its old head when nothing had to change). */
  readonly remoteCommit: string;
  /** Files whose content was sent (LFS objects the remote already had are not counted). */
  readonly filesTransferred: number;
  /** Raw content bytes sent (LFS bodies and regular files before base64). */
  readonly bytesTransferred: number;
  readonly filesDeleted: number;
  /** False when the remote's tree was the local one already: no commit was made. */
  readonly committed: boolean;
  /** True when this push created the remote repo (--create). */
  readonly created: boolean;
  /** True when the remote had moved since the last sync and --force overwrote it. */
  readonly forced: boolean;
  /** True when the remote's folder and root tree oids were checked equal to the local ones (git-based hubs). */
  readonly treeMatchesRemote: boolean;
}

/** What sendContent sent, and how the commit's regular files are counted as they go. */
interface SentContent {
  /** Files sent through LFS, by path, as the remote's preupload answer asked. */
  readonly viaLfs: ReadonlyMap<string, { readonly sha256: string; readonly size: number }>;
  onRegularSent(bytes: number): void;
  files(): number;
  bytes(): number;
}

/** A file's content hashes: its sha256, and its git blob oid once known. */
interface ContentHashes {
  readonly sha256: string;
  readonly gitOid?: string;
}

/**
 * Local LFS files at least this large are uploaded before the remote's preupload answer: every
 * hub keeps them in LFS (huggingface.co refuses regular files above 10 MB).
 */
const EAGER_LFS_BYTES = 10 * 1024 * 1024;

/** LFS objects sent at once. */
const UPLOADS_AT_ONCE = 4;
const GITATTRIBUTES = '.gitattributes';


/**
 * Publishes one local revision to a remote hub with the HF upload protocol: lists the remote's
 * tree, sends only files whose oid differs (the store knows every oid and sha256: nothing is
 * hashed), deletes what the local tree lacks, and commits on the remote head it checked. It
 * refuses when the remote moved since the last pull from or push to it (unless forced), asserts
 * afterwards that the remote's tree equals the local one, and records the mapping.
 */
export class Pusher {
  private readonly pushes: SyncPushesTable;
  private readonly now: () => number;

  constructor(private readonly options: PusherOptions) {
    this.pushes = createSyncPushesTable(options.db);
    this.now = options.now ?? Date.now;
  }

  /** Both ends of a push or its preview: the local tree, and the remote repo's writer with its token. */
  private sides(spec: PushSpec, call: Pick<PushCall, 'token' | 'signal'>) {
    const signal = call.signal ?? new AbortController().signal;
    const local = new LocalTree(this.options.store, spec.repoType, spec.repo, spec.revision);
    const remoteRepo = spec.as ?? spec.repo;
    const token = call.token ?? this.options.tokens(spec.endpoint);
    const writer = new RemoteWriter(this.options.client, { endpoint: spec.endpoint, token, repoType: spec.repoType, repo: remoteRepo });
    const target: SyncTarget = { repoId: local.repo.id, endpoint: spec.endpoint, remoteType: spec.repoType, remoteRepo, revision: local.branch };
    return { signal, local, remoteRepo, token, writer, target };
  }

  /**
   * The remote's tree, when the last sync with it says what it is: the remote branch is still at
   * the commit recorded then, whose tree is the tree of the local commit recorded beside it (a
   * push or pull of the whole tree made them equal). Then nothing has to be listed.
   */
  private syncedTree(target: SyncTarget, head: string | undefined, local: LocalTree): string | undefined {
    if (head === undefined) return undefined;
    const lastSync = this.pushes.lastSync(target);
    return lastSync?.remote_commit === head ? local.treeOfCommit(lastSync.local_commit) : undefined;
  }

  async push(spec: PushSpec, call: PushCall = {}): Promise<PushResult> {
    const { signal, local, remoteRepo, token, writer, target } = this.sides(spec, call);

    const { head, created } = await this.remoteHead(writer, spec, local.branch, token, signal);
    const base = {
      repo: `${local.repo.namespace}/${local.repo.name}`, remoteRepo, endpoint: spec.endpoint, branch: local.branch, localCommit: local.commit, created,
    };
    const unchanged = (treeMatchesRemote: boolean, remoteCommit: string): PushResult => {
      this.record(target, remoteCommit, local.commit);
      return { ...base, remoteCommit, filesTransferred: 0, bytesTransferred: 0, filesDeleted: 0, committed: false, forced: false, treeMatchesRemote };
    };

    let changes: { changed: FileEntryInfo[]; deleted: string[] };
    let parent: string;
    let forced = false;
    const syncedTree = created ? undefined : this.syncedTree(target, head, local);
    if (syncedTree !== undefined && head !== undefined) {
      if (syncedTree === local.treeOid) return unchanged(await this.rootMatches(writer, head, local, signal), head);
      changes = local.changesSince(syncedTree);
      parent = head;
    } else {
      const remoteFiles = new RemoteFiles(head === undefined ? [] : await writer.listing(head, signal));
      const localFiles = remoteFiles.localKeys(local);
      if (head !== undefined && sameFiles(localFiles, remoteFiles.keys())) return unchanged(remoteFiles.git && (await this.rootMatches(writer, head, local, signal)), head);
      if (head !== undefined && !created) {
        const lastSync = this.pushes.lastSync(target);
        const moved = lastSync === undefined ? !isEmptyRepo(remoteFiles.keys()) : lastSync.remote_commit !== head;
        if (moved && !spec.force) throw await divergenceError({ writer, branch: local.branch, head, remoteFiles: remoteFiles.keys(), localFiles, lastSync, signal });
        forced = moved;
      }
      // A missing branch starts at the remote's default branch; its tree is then what we compare against.
      let parentFiles = remoteFiles;
      if (head === undefined) {
        await writer.createBranch(local.branch, signal);
        const started = await writer.headOf(local.branch, signal);
        if (started === undefined) throw new AppError('UpstreamUnavailable', `${spec.endpoint} did not create branch ${local.branch} of ${remoteRepo}`);
        parentFiles = new RemoteFiles(await writer.listing(started, signal));
        parent = started;
      } else {
        parent = head;
      }
      changes = {
        changed: [...local.files.values()].filter((entry) => parentFiles.differs(entry, local)),
        deleted: [...parentFiles.entries.keys()].filter((path) => !local.files.has(path)).sort(),
      };
    }

    const { changed, deleted } = changes;
    const sent = await this.sendContent(writer, local, changed, signal, call.onProgress);
    // Files the remote keeps the other way than the local tree: their remote oids are not the local
    // ones, so the check after the commit compares their content instead.
    const otherWay = new Map<string, ContentHashes>();
    for (const entry of changed) {
      const viaLfs = sent.viaLfs.get(entry.path);
      if (viaLfs !== undefined && entry.lfs === undefined) otherWay.set(entry.path, { sha256: viaLfs.sha256, gitOid: entry.oid });
      if (viaLfs === undefined && entry.lfs !== undefined) otherWay.set(entry.path, { sha256: entry.lfs.oid });
    }
    const operations: PushOperation[] = [
      ...deleted.map((path): PushOperation => ({ kind: 'deletedFile', path })),
      ...changed.map((entry): PushOperation => {
        const viaLfs = sent.viaLfs.get(entry.path);
        if (viaLfs !== undefined) return { kind: 'lfsFile', path: entry.path, sha256: viaLfs.sha256, size: viaLfs.size };
        if (entry.lfs === undefined) return { kind: 'file', path: entry.path, content: local.regularContent(entry) };
        return { kind: 'file', path: entry.path, content: { file: local.lfsFile({ ...entry, lfs: entry.lfs }) }, hashGitOid: true };
      }),
    ];
    const onFileSent = (bytes: number, path: string, gitOid: string | undefined): void => {
      const hashes = otherWay.get(path);
      if (gitOid !== undefined && hashes !== undefined) otherWay.set(path, { ...hashes, gitOid });
      sent.onRegularSent(bytes);
    };
    signal.throwIfAborted();
    const header = {
      summary: `Push ${base.repo}@${spec.revision} from HubKeeper`,
      description: `Local commit: ${local.commit}`,
      parentCommit: parent,
    };
    const remoteCommit = await writer.commit(local.branch, commitBody(header, operations, onFileSent), signal).catch((error: unknown) => {
      throw explainCommitRefusal(error, writer, local.branch, parent);
    });

    const treeMatchesRemote = await this.checkRemote(writer, remoteCommit, local, signal, otherWay);
    this.record(target, remoteCommit, local.commit);
    return {
      ...base, remoteCommit, filesTransferred: sent.files(), bytesTransferred: sent.bytes(), filesDeleted: deleted.length, committed: true, forced, treeMatchesRemote,
    };
  }

  /**
   * What `push` would send now, sending and writing nothing: the files whose oid differs from the
   * remote branch's tree (or its default branch's, when the branch would be created), the remote
   * files it would delete, and the refusal a push without force would meet.
   */
  async preview(spec: PushSpec, call: Pick<PushCall, 'token' | 'signal'> = {}): Promise<PushPreview> {
    const { signal, local, remoteRepo, token, writer, target } = this.sides(spec, call);

    let head: string | undefined;
    let remoteExists = true;
    try {
      head = await writer.headOf(local.branch, signal);
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (token !== undefined && (error as AppError).code === 'Unauthorized') throw refusedTokenError(error as AppError, writer);
      remoteExists = false;
    }
    let changed: FileEntryInfo[];
    let deleted: string[];
    let divergence: string | null = null;
    const syncedTree = this.syncedTree(target, head, local);
    if (syncedTree !== undefined) {
      ({ changed, deleted } = local.changesSince(syncedTree));
    } else {
      const base = remoteExists && head === undefined && local.branch !== DEFAULT_BRANCH ? await writer.headOf(DEFAULT_BRANCH, signal) : head;
      const baseFiles = new RemoteFiles(base === undefined ? [] : await writer.listing(base, signal));
      const localFiles = baseFiles.localKeys(local);
      changed = [...local.files.values()].filter((entry) => baseFiles.differs(entry, local));
      deleted = [...baseFiles.entries.keys()].filter((path) => !local.files.has(path)).sort();
      if (head !== undefined && (changed.length > 0 || deleted.length > 0)) {
        const lastSync = this.pushes.lastSync(target);
        const moved = lastSync === undefined ? !isEmptyRepo(baseFiles.keys()) : lastSync.remote_commit !== head;
        if (moved) divergence = (await divergenceError({ writer, branch: local.branch, head, remoteFiles: baseFiles.keys(), localFiles, lastSync, signal })).message;
      }
    }
    const upToDate = head !== undefined && changed.length === 0 && deleted.length === 0;
    return {
      repo: `${local.repo.namespace}/${local.repo.name}`, remoteRepo, endpoint: spec.endpoint, branch: local.branch, localCommit: local.commit,
      remoteCommit: head ?? null, remoteExists, upToDate,
      filesToSend: changed.length, bytesToSend: changed.reduce((sum, entry) => sum + entry.size, 0), filesToDelete: deleted.length,
      files: changed.map((entry) => ({ path: entry.path, size: entry.size, lfs: entry.lfs !== undefined })).sort((a, b) => a.path.localeCompare(b.path)),
      deleted, divergence,
    };
  }

  /** The last push of a local repo (local commit ↔ remote commit), if any. */
  lastPush(repoId: number) {
    return this.pushes.latest(repoId);
  }

  /** The remote branch's head (undefined when the repo has no such branch), creating the repo when asked. */
  private async remoteHead(writer: RemoteWriter, spec: PushSpec, branch: string, token: string | undefined, signal: AbortSignal): Promise<{ head: string | undefined; created: boolean }> {
    try {
      return { head: await writer.headOf(branch, signal), created: false };
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (token !== undefined && (error as AppError).code === 'Unauthorized') throw refusedTokenError(error as AppError, writer);
      if (!spec.create) throw missingRepoError(error as AppError, writer, token);
    }
    await writer.createRepo(spec.private, signal).catch((error: unknown) => {
      if (token !== undefined && error instanceof AppError && error.code === 'Unauthorized') throw refusedTokenError(error, writer);
      throw new AppError(
        error instanceof AppError ? error.code : 'UpstreamUnavailable',
        `Could not create ${writer.target.repo} on ${writer.target.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: error, ...(error instanceof AppError && error.status !== undefined ? { status: error.status } : {}) },
      );
    });
    return { head: await writer.headOf(branch, signal), created: true };
  }

  /**
   * Sends the content of the changed files as the remote asks: preupload says per file whether it
   * goes through LFS (KohakuHub decides by its size threshold, huggingface.co by its own rules),
   * and that answer is followed even where the local tree keeps the file the other way. Each
   * preupload answer's LFS files go to the LFS batch and start uploading (single or multipart
   * PUTs, a few at once) while the next files are asked about; large local LFS files do not wait
   * for an answer (see EAGER_LFS_BYTES). The first failure, of a preupload, batch or upload, stops
   * the others and is thrown. Regular files are sent later, in the commit.
   */
  private async sendContent(writer: RemoteWriter, local: LocalTree, changed: readonly FileEntryInfo[], signal: AbortSignal, onProgress: PushCall['onProgress']): Promise<SentContent> {
    const controller = new AbortController();
    setMaxListeners(UPLOADS_AT_ONCE * 8 + 10, controller.signal);
    const forward = (): void => controller.abort(signal.reason);
    if (signal.aborted) forward();
    signal.addEventListener('abort', forward, { once: true });
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown): void => {
      failure ??= { error };
      controller.abort(error);
    };

    let filesDone = 0;
    let bytesDone = 0;
    // Until the LFS batch says which objects the remote already has, everything counts as to be sent.
    let filesTotal = changed.length;
    let bytesTotal = changed.reduce((sum, entry) => sum + contentSize(entry), 0);
    const report = (): void => onProgress?.({ filesDone, filesTotal, bytesDone, bytesTotal });
    report();

    const viaLfs = new Map<string, { sha256: string; size: number }>();
    // One upload per distinct object: two paths with the same content send it once.
    const pathsOf = new Map<string, FileEntryInfo[]>();
    const uploads: Array<Promise<void>> = [];
    const slots = new Slots(UPLOADS_AT_ONCE);
    /** Sends the LFS batch of these objects, and queues the uploads it asks for. */
    const sendObjects = async (objects: ReadonlyArray<{ oid: string; size: number }>): Promise<void> => {
      if (objects.length === 0) return;
      for (const answer of await writer.lfsBatch(local.branch, objects, controller.signal)) {
        const entries = pathsOf.get(answer.oid);
        const entry = entries?.[0];
        if (entry === undefined) throw new AppError('UpstreamUnavailable', `${writer.target.endpoint} answered for LFS object ${answer.oid}, which was not asked for`);
        if (answer.actions?.upload === undefined) {
          // The remote has it already: nothing of it is sent.
          filesTotal -= entries?.length ?? 1;
          bytesTotal -= answer.size;
          report();
          continue;
        }
        const upload = slots.run(async () => {
          controller.signal.throwIfAborted();
          await writer.upload(answer, (start, end) => local.contentRange(entry, start, end, (bytes) => {
            bytesDone += bytes;
            report();
          }), controller.signal);
          filesDone += pathsOf.get(answer.oid)?.length ?? 1;
          report();
        });
        upload.catch(fail);
        uploads.push(upload);
      }
    };
    /** Marks a file as sent through LFS; true when its object is new to this push. */
    const throughLfs = (entry: FileEntryInfo, sha256: string): boolean => {
      viaLfs.set(entry.path, { sha256, size: contentSize(entry) });
      const paths = pathsOf.get(sha256);
      if (paths === undefined) pathsOf.set(sha256, [entry]);
      else if (!paths.includes(entry)) paths.push(entry);
      return paths === undefined;
    };

    // Large local LFS files start uploading before any answer: every hub keeps them in LFS.
    const eagerObjects: Array<{ oid: string; size: number }> = [];
    for (const entry of changed) {
      if (entry.lfs === undefined || entry.lfs.size < EAGER_LFS_BYTES) continue;
      if (throughLfs(entry, entry.lfs.oid)) eagerObjects.push({ oid: entry.lfs.oid, size: entry.lfs.size });
    }
    const eager = sendObjects(eagerObjects).catch(fail);
    const ordered = [...changed.filter((entry) => entry.lfs !== undefined), ...changed.filter((entry) => entry.lfs === undefined)];
    try {
      for (let at = 0; at < ordered.length; at += PUSH_BATCH_SIZE) {
        controller.signal.throwIfAborted();
        const batch = ordered.slice(at, at + PUSH_BATCH_SIZE);
        const files = await Promise.all(batch.map(async (entry) => ({ path: entry.path, size: contentSize(entry), sample: await local.sample(entry) })));
        const modes = await writer.preupload(local.branch, files, controller.signal);
        const fresh: Array<{ oid: string; size: number }> = [];
        for (const entry of batch) {
          const mode = modes.get(entry.path)?.uploadMode ?? (entry.lfs === undefined ? 'regular' : 'lfs');
          if (mode !== 'lfs') {
            // A remote that keeps even a large file regular gets it in the commit (its early upload was for nothing).
            viaLfs.delete(entry.path);
            continue;
          }
          if (viaLfs.has(entry.path)) continue;
          const sha256 = local.contentSha256(entry);
          if (sha256 === undefined) throw new AppError('IntegrityError', `The local store has no sha256 of ${entry.path} (${entry.oid}), which ${writer.target.endpoint} wants in LFS; run hubkeeper fsck`);
          if (throughLfs(entry, sha256)) fresh.push({ oid: sha256, size: contentSize(entry) });
        }
        await sendObjects(fresh);
      }
    } catch (error) {
      fail(error);
    }
    await eager;
    await Promise.allSettled(uploads);
    signal.removeEventListener('abort', forward);
    if (failure !== undefined) throw signal.aborted ? signal.reason : failure.error;
    signal.throwIfAborted();
    return {
      viaLfs,
      onRegularSent: (bytes: number): void => {
        filesDone += 1;
        bytesDone += bytes;
        report();
      },
      files: (): number => filesDone,
      bytes: (): number => bytesDone,
    };
  }

  /** Whether the remote commit's root tree oid (from its top-level listing) is the local one; false for a hub without git oids. */
  private async rootMatches(writer: RemoteWriter, commit: string, local: LocalTree, signal: AbortSignal): Promise<boolean> {
    const top = await writer.listing(commit, signal, { recursive: false });
    return isGitListing(top) && remoteRootTreeOid(top) === local.treeOid;
  }

  /**
   * After the commit: the remote's tree must be the local one. On a git-based hub its root tree
   * oid says so in one small listing (equal root oids mean equal trees); only when it differs is
   * the whole tree listed, to say where. A hub without git oids (KohakuHub) is listed whole and
   * compared file by file. `otherWay` gives the expected key of each file the remote keeps the
   * other way (LFS or regular) than the local tree: the trees then differ by design, and files
   * are compared by content. True when the tree oids were checked equal.
   */
  private async checkRemote(writer: RemoteWriter, remoteCommit: string, local: LocalTree, signal: AbortSignal, otherWay: ReadonlyMap<string, ContentHashes>): Promise<boolean> {
    if (otherWay.size === 0 && (await this.rootMatches(writer, remoteCommit, local, signal))) return true;
    const listing = await writer.listing(remoteCommit, signal);
    const after = new RemoteFiles(listing);
    const localKeys = after.localKeys(local);
    const remoteKeys = after.keys();
    for (const [path, entry] of local.files) {
      const remote = after.entries.get(path);
      if (remote === undefined || (!otherWay.has(path) && (entry.lfs === undefined) === (remote.lfs === undefined))) continue;
      // Kept the other way on the remote: compared by content, by the kind of hash the remote gives.
      const byGitOid = remote.lfs === undefined && isOid(remote.oid);
      remoteKeys.set(path, byGitOid ? `git:${remote.oid}` : `sha256:${remote.lfs?.oid ?? remote.oid}`);
      const hashes = otherWay.get(path);
      if (!byGitOid) localKeys.set(path, `sha256:${hashes?.sha256 ?? local.contentSha256(entry) ?? 'unknown'}`);
      // An LFS file the remote keeps regular, sent by an earlier push: its content's git oid is only known by hashing it (it is small: below the remote's LFS threshold).
      else localKeys.set(path, `git:${hashes?.gitOid ?? (entry.lfs === undefined ? entry.oid : await local.contentGitOid(entry))}`);
    }
    if (!sameFiles(localKeys, remoteKeys)) {
      throw new AppError('IntegrityError', `${writer.target.repo} on ${writer.target.endpoint} took the push as ${remoteCommit}, but its files differ from the local tree; nothing was recorded`);
    }
    if (!after.git || otherWay.size > 0 || [...after.entries].some(([path, remote]) => (local.files.get(path)?.lfs === undefined) !== (remote.lfs === undefined))) return false;
    const mismatches = treeMismatches(listing, local.treeOid, (path) => local.folderOid(path));
    const first = mismatches[0];
    if (first === undefined) return true;
    throw new AppError(
      'IntegrityError',
      `The remote tree of ${remoteCommit} differs from the local one at "${first.path || '/'}" (${mismatches.length} folder${mismatches.length === 1 ? '' : 's'}); nothing was recorded`,
    );
  }

  private record(target: SyncTarget, remoteCommit: string, localCommit: string): void {
    this.pushes.record({
      repo_id: target.repoId, remote_endpoint: target.endpoint, remote_type: target.remoteType, remote_repo: target.remoteRepo, revision: target.revision,
      remote_commit: remoteCommit, local_commit: localCommit, pushed_at: this.now(),
    });
  }
}

/** A repo with nothing but a .gitattributes (what a hub makes on create) has nothing a push could lose. */
function isEmptyRepo(files: ReadonlyMap<string, string>): boolean {
  return [...files.keys()].every((path) => path === GITATTRIBUTES);
}

/** The bytes of a file's content (an LFS file's object, not its pointer). */
function contentSize(entry: FileEntryInfo): number {
  return entry.lfs?.size ?? entry.size;
}

function isMissing(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'RepoNotFound' || error.code === 'NotFound' || error.status === 401);
}

/** A hub hides private repos from callers who may not read them: say what to check. */
function missingRepoError(error: AppError, writer: RemoteWriter, token: string | undefined): AppError {
  const { repo, endpoint } = writer.target;
  const hint = token === undefined
    ? 'create it with --create, or give a token with --token if it is private'
    : 'create it with --create, or check the token: it was refused or may not read it';
  return new AppError(error.code, `${repo} was not found on ${endpoint}: ${hint} (${error.message})`, {}, { cause: error, ...(error.status === undefined ? {} : { status: error.status }) });
}

function refusedTokenError(error: AppError, writer: RemoteWriter): AppError {
  return new AppError('Unauthorized', `${writer.target.endpoint} refused the token (${error.message}); give another with --token, or save one with hubkeeper remote add`, {}, { cause: error });
}

/** The parent-commit check: a commit landed on the remote branch while this push ran. */
function explainCommitRefusal(error: unknown, writer: RemoteWriter, branch: string, parent: string): unknown {
  if (!(error instanceof AppError) || !(error.code === 'ParentCommitMismatch' || error.status === 412 || error.status === 409)) return error;
  return new AppError(
    'Conflict',
    `${writer.target.repo}@${branch} on ${writer.target.endpoint} moved during the push (a commit landed after ${parent.slice(0, 12)}); nothing was committed. Run the push again to see what changed`,
    { remoteCommit: parent },
    { cause: error },
  );
}
