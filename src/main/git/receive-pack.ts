import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAppError } from '../../shared/errors.js';
import { parseCommit, parseTree, isOid, TREE_MODE, GITLINK_MODE, type TreeEntry } from '../../shared/git-objects.js';
import { parseLfsPointer, lfsPointerSize } from '../../shared/lfs-pointer.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX, refNameProblem } from '../../shared/ref-name.js';
import type { ForcePushPolicy, PushHold, PushedRefUpdate, RepoRecord, Store } from '../store/index.js';
import type { GitService, GitServiceContext } from './git-routes.js';
import { GitObjectSource, type PackObjectType } from './object-source.js';
import { PackReader, type PackLimits } from './pack-reader.js';
import { FLUSH_PKT, GitProtocolError, MAX_SIDEBAND_DATA, PacketStream, packetText, pktLine, sidebandPkt } from './pkt-line.js';
import { requestBodyStream } from './request-body.js';
import { HEAD_TARGET } from './repo-refs.js';

const ZERO_OID = '0'.repeat(40);
const MAX_COMMANDS = 10_000;
const MAX_PUSH_OPTIONS = 100;
/** Pushed commits held in memory until their trees are written; past this, read again from the pack. */
const MAX_HELD_COMMIT_BYTES = 16 * 1024 * 1024;
/** Pushed trees' entries held for the tips' checks (about 100 bytes each); past this, read back from the store. */
const MAX_HELD_TREE_ENTRIES = 500_000;
const QUOTA_STEP = 64 * 1024 * 1024;
const LFS_POINTER_START = Buffer.from('version https://git-lfs');
const MAX_POINTER_BYTES = lfsPointerSize(Number.MAX_SAFE_INTEGER);

export interface ReceivePackOptions {
  readonly store: Store;
  readonly agent: string;
  /** Pack bounds; the largest object follows the repo's LFS threshold (bigger files are refused anyway). */
  readonly limits?: Partial<PackLimits>;
}

interface Command {
  readonly old: string;
  readonly next: string;
  readonly ref: string;
}

function capabilities(agent: string): string {
  return ['report-status', 'report-status-v2', 'delete-refs', 'side-band-64k', 'quiet', 'atomic', 'push-options', 'ofs-delta', 'object-format=sha1', `agent=${agent}`].join(' ');
}

/** `git-receive-pack` (push), protocol v0/v1: git speaks no v2 for pushes and falls back to this. */
export function receivePackService(options: ReceivePackOptions): GitService {
  return {
    name: 'git-receive-pack',
    access: 'write',
    advertise: (context) => advertise(options, context),
    serve: (context) => serve(options, context),
  };
}

function* advertise(options: ReceivePackOptions, context: GitServiceContext): Generator<Buffer> {
  yield pktLine('# service=git-receive-pack\n');
  yield FLUSH_PKT;
  let caps: string | undefined = capabilities(options.agent);
  const tags = options.store.annotatedTags(context.repo.id);
  for (const ref of options.store.allRefs(context.repo.id)) {
    const oid = tags.get(ref.name) ?? ref.commit;
    yield pktLine(caps === undefined ? `${oid} ${ref.name}\n` : `${oid} ${ref.name}\0${caps}\n`);
    caps = undefined;
  }
  if (caps !== undefined) yield pktLine(`${ZERO_OID} capabilities^{}\0${caps}\n`);
  yield FLUSH_PKT;
}

async function serve(options: ReceivePackOptions, context: GitServiceContext): Promise<Iterable<Buffer>> {
  const packets = new PacketStream(requestBodyStream(context.request) as AsyncIterable<Buffer>);
  const commands: Command[] = [];
  let flags = new Set<string>();
  for (;;) {
    const packet = await packets.next();
    if (packet === undefined) {
      if (commands.length === 0) return [];
      throw new GitProtocolError('the request ends before the flush after its commands');
    }
    if (packet.kind === 'flush') break;
    if (packet.kind !== 'data') throw new GitProtocolError('unexpected delimiter packet among the commands');
    let line = packetText(packet.payload);
    const nul = line.indexOf('\0');
    if (nul >= 0) {
      if (commands.length === 0) flags = new Set(line.slice(nul + 1).split(' ').filter(Boolean));
      line = line.slice(0, nul);
    }
    if (line.startsWith('shallow ')) throw new GitProtocolError('pushing from a shallow clone is not supported');
    const command = parseCommand(line);
    if (commands.some((other) => other.ref === command.ref)) throw new GitProtocolError(`ref ${command.ref} is updated twice in one push`);
    commands.push(command);
    if (commands.length > MAX_COMMANDS) throw new GitProtocolError(`more than ${MAX_COMMANDS} ref updates in one push`);
  }
  // git's probe before a big push: a body of only a flush.
  if (commands.length === 0) return [];
  if (flags.has('push-options')) await readPushOptions(packets);
  const sideband = flags.has('side-band-64k');
  const messages: string[] = [];
  const reasons = new Map<string, string>();
  let unpackError: string | undefined;
  // Taken once the pack is spooled, before its objects are checked against the store; released once the refs have moved.
  let hold: PushHold | undefined;
  try {
    if (commands.some((command) => command.next !== ZERO_OID)) {
      try {
        await receiveObjects(options, context.repo, packets, commands, reasons, messages, () => (hold = options.store.holdForPush()));
      } catch (error) {
        if (!(error instanceof GitProtocolError)) throw error;
        unpackError = error.message.replace(/^unpack error: /, '');
      }
    } else {
      for await (const chunk of packets.rest()) if (chunk.length > 0) throw new GitProtocolError('a push that only deletes refs must not send a pack');
    }
    if (unpackError === undefined) applyUpdates(options.store, context.repo, commands, reasons, flags.has('atomic'));
  } finally {
    hold?.release();
  }
  const report = [pktLine(unpackError === undefined ? 'unpack ok\n' : `unpack ${oneLine(unpackError)}\n`)];
  for (const command of commands) {
    const reason = unpackError !== undefined ? 'unpacker error' : reasons.get(command.ref);
    report.push(pktLine(reason === undefined ? `ok ${command.ref}\n` : `ng ${command.ref} ${oneLine(reason)}\n`));
  }
  report.push(FLUSH_PKT);
  if (unpackError !== undefined) messages.push(`error: ${unpackError}`);
  if (!sideband) return report;
  const out = messages.map((message) => sidebandPkt(2, `${message}\n`.slice(0, MAX_SIDEBAND_DATA)));
  const body = Buffer.concat(report);
  for (let at = 0; at < body.length; at += MAX_SIDEBAND_DATA) out.push(sidebandPkt(1, body.subarray(at, at + MAX_SIDEBAND_DATA)));
  out.push(FLUSH_PKT);
  return out;
}

function parseCommand(line: string): Command {
  const match = /^([0-9a-f]{40}) ([0-9a-f]{40}) (.+)$/.exec(line);
  if (!match) throw new GitProtocolError(`malformed ref update "${line.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}"`);
  const ref = match[3] as string;
  const problem = refProblem(ref);
  if (problem !== undefined) throw new GitProtocolError(`invalid ref name "${ref.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}": ${problem}`);
  return { old: match[1] as string, next: match[2] as string, ref };
}

function refProblem(ref: string): string | undefined {
  const prefix = [BRANCH_PREFIX, TAG_PREFIX].find((candidate) => ref.startsWith(candidate));
  if (prefix === undefined) return 'only branches (refs/heads/) and tags (refs/tags/) can be pushed';
  return refNameProblem(ref.slice(prefix.length));
}

async function readPushOptions(packets: PacketStream): Promise<void> {
  for (let count = 0; ; count++) {
    const packet = await packets.next();
    if (packet === undefined) throw new GitProtocolError('the request ends inside its push options');
    if (packet.kind === 'flush') return;
    if (count >= MAX_PUSH_OPTIONS) throw new GitProtocolError(`more than ${MAX_PUSH_OPTIONS} push options`);
  }
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}

/** A pack's blobs that matter to the rules: their git size and LFS pointer. */
interface BlobFacts {
  readonly size: number;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

/**
 * Spools the pack to a temp file in the data dir, checks and indexes it, writes its objects
 * (unreferenced until the refs move) and checks every pushed tip: connectivity, LFS rules.
 */
async function receiveObjects(
  options: ReceivePackOptions,
  repo: RepoRecord,
  packets: PacketStream,
  commands: readonly Command[],
  reasons: Map<string, string>,
  messages: string[],
  holdStore: () => PushHold,
): Promise<void> {
  const { store } = options;
  const threshold = store.lfsThreshold(repo);
  const limits: PackLimits = {
    maxObjects: options.limits?.maxObjects ?? 5_000_000,
    maxObjectSize: options.limits?.maxObjectSize ?? Math.max(threshold, 64 * 1024 * 1024),
    maxInflatedBytes: options.limits?.maxInflatedBytes ?? 16 * 1024 ** 3,
  };
  const path = join(store.blobs.tempDir, `receive-${randomUUID()}.pack`);
  try {
    await pipeline(Readable.from(capped(packets.rest(), limits.maxInflatedBytes)), createWriteStream(path));
    const hold = holdStore();
    const reader = new PackReader(path, limits, storeBaseLookup(store, limits.maxObjectSize));
    const blobs = new Map<string, BlobFacts>();
    const packCommits = new Set<string>();
    const packTrees = new Set<string>();
    const storedTrees = new Set<string>();
    const packTags = new Map<string, { target: string; data: Buffer }>();
    // The pushed trees' entries, walked again for the tips' checks (past the bound, read from the store).
    const treeEntries = new Map<string, readonly TreeEntry[]>();
    let heldTreeEntries = 0;
    try {
      const quota = new IncomingQuota(store, repo);
      const writer = store.gitImport({ onNewBlobs: (bytes) => quota.add(bytes), hold });
      // Commits reference their trees in the store: the writer puts them after every tree.
      const commitBodies = new Map<string, Buffer>();
      let commitBytes = 0;
      await reader.read((type, oid, data) => {
        if (type === 'blob') {
          const lfs = lfsPointerOf(data);
          blobs.set(oid, lfs ? { size: data.length, lfs } : { size: data.length });
          return writer.putBlob(oid, data, lfs);
        }
        if (type === 'tree') {
          // A tree the store holds was checked when it arrived (same id, same bytes): not parsed
          // again, and the tips' checks walk it only when the pack holds a blob the rules refuse.
          if (store.hasGitObject('tree', oid)) {
            storedTrees.add(oid);
            return undefined;
          }
          const entries = checkTree(oid, data);
          writer.putTree(oid, entries);
          packTrees.add(oid);
          if (heldTreeEntries + entries.length <= MAX_HELD_TREE_ENTRIES) {
            treeEntries.set(oid, entries);
            heldTreeEntries += entries.length;
          }
        } else if (type === 'commit') {
          checkCommit(oid, data);
          packCommits.add(oid);
          if (commitBytes + data.length <= MAX_HELD_COMMIT_BYTES) {
            commitBodies.set(oid, data);
            commitBytes += data.length;
          }
        } else {
          packTags.set(oid, { target: checkTag(oid, data), data });
        }
        return undefined;
      });
      for (const [oid, tag] of packTags) {
        if (!packCommits.has(tag.target) && !store.hasGitObject('commit', tag.target)) throw new GitProtocolError(`unpack error: tag ${oid} names a missing commit ${tag.target}`);
        writer.putTag(oid, tag.target, tag.data);
      }
      for (const oid of packCommits) {
        const data = commitBodies.get(oid) ?? reader.contents(oid);
        const tree = parseCommit(data).tree;
        if (!packTrees.has(tree) && !store.hasGitObject('tree', tree)) throw new GitProtocolError(`unpack error: commit ${oid} names a missing tree ${tree}`);
        writer.putCommit(oid, data);
      }
      writer.flush();
      quota.check();
    } finally {
      reader.close();
    }
    const refusable = await refusableBlobs(store, blobs, threshold);
    const pack: PackContents = { commits: packCommits, trees: refusable ? new Set([...packTrees, ...storedTrees]) : packTrees, blobs, treeEntries };
    for (const command of commands) {
      if (command.next === ZERO_OID) continue;
      const tag = store.tagObject(command.next);
      if (tag !== undefined && !command.ref.startsWith(TAG_PREFIX)) {
        reasons.set(command.ref, `${command.next} is an annotated tag: only refs/tags/ may name one`);
        continue;
      }
      const problem = await tipProblem(store, repo, pack, tag?.target ?? command.next, threshold);
      if (problem !== undefined) {
        reasons.set(command.ref, problem.reason);
        messages.push(...problem.details);
      }
    }
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** The pack's bytes, refused past `limit` (a body that never ends does not fill the disk). */
async function* capped(chunks: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limit) throw new GitProtocolError(`unpack error: the pack is larger than ${limit} bytes`);
    yield chunk;
  }
}

/**
 * The repo's and namespace's quotas, as for API commits: the pack's blobs the store lacks count
 * (the writer tells their bytes: it looks each batch up as it writes it, small blobs before they
 * are written, larger ones before they are staged). Checked every QUOTA_STEP bytes and at the
 * end: what a refused push wrote stays unreferenced (invisible) and the garbage collector removes it.
 */
class IncomingQuota {
  private incoming = 0;
  private checkedAt = 0;

  constructor(private readonly store: Store, private readonly repo: RepoRecord) {}

  add(bytes: number): void {
    this.incoming += bytes;
    if (this.incoming - this.checkedAt >= QUOTA_STEP) this.check();
  }

  check(): void {
    this.checkedAt = this.incoming;
    try {
      this.store.assertQuota(this.repo.id, this.incoming);
    } catch (error) {
      if (isAppError(error)) throw new GitProtocolError(`unpack error: ${error.message}`);
      throw error;
    }
  }
}

/** The pointer a blob holds when it is exactly a git-lfs pointer file. */
function lfsPointerOf(data: Buffer): { oid: string; size: number } | undefined {
  const prefix = LFS_POINTER_START.length;
  // The first byte turns away nearly every blob before the compare (a push checks thousands).
  if (data[0] !== LFS_POINTER_START[0] || data.length > MAX_POINTER_BYTES || data.length < prefix) return undefined;
  if (data.compare(LFS_POINTER_START, 0, prefix, 0, prefix) !== 0) return undefined;
  const pointer = parseLfsPointer(data.toString('utf8'));
  return pointer && lfsPointerSize(pointer.size) === data.length ? pointer : undefined;
}

/** Bases of a thin pack's REF_DELTAs, as git serialises the store's objects. */
function storeBaseLookup(store: Store, maxSize: number) {
  const source = new GitObjectSource(store);
  return (oid: string): { type: PackObjectType; data: Buffer } | undefined => {
    const commit = store.rawCommit(oid);
    if (commit) return { type: 'commit', data: commit };
    if (store.hasGitObject('tree', oid)) return { type: 'tree', data: source.treeBody(oid) };
    const blob = store.locateBlob(oid);
    if (!blob) return undefined;
    if (blob.kind === 'inline') return { type: 'blob', data: blob.data };
    if (blob.kind === 'pointer') return { type: 'blob', data: Buffer.from(blob.text) };
    if (blob.size > maxSize) return undefined;
    return { type: 'blob', data: readFileSync(blob.path) };
  };
}

function checkCommit(oid: string, data: Buffer): void {
  try {
    const commit = parseCommit(data);
    if (!isOid(commit.tree) || !commit.parents.every(isOid)) throw new Error('bad tree or parent id');
  } catch (error) {
    throw new GitProtocolError(`unpack error: invalid commit ${oid}: ${(error as Error).message}`);
  }
}

/** An annotated tag's headers as git fsck wants them; returns the commit it points at (tags of trees, blobs or tags are refused). */
function checkTag(oid: string, data: Buffer): string {
  const header = data.toString('utf8', 0, Math.min(data.length, 4096));
  const match = /^object ([0-9a-f]{40})\ntype ([a-z]+)\ntag ([^\n]+)\n(?:tagger [^\n]*\n)?/.exec(header);
  if (!match) throw new GitProtocolError(`unpack error: invalid tag ${oid}: bad object, type or tag header`);
  if (match[2] !== 'commit') throw new GitProtocolError(`unpack error: tag ${oid} points at a ${match[2]}: this hub keeps tags of commits only`);
  return match[1] as string;
}

/** A tree as git fsck wants it: known modes, plain names, strict git order. */
function checkTree(oid: string, data: Buffer): TreeEntry[] {
  let entries: TreeEntry[];
  try {
    entries = parseTree(data);
  } catch (error) {
    throw new GitProtocolError(`unpack error: invalid tree ${oid}: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    if (entry.name === '' || entry.name === '.' || entry.name === '..' || entry.name.includes('/') || entry.name.toLowerCase() === '.git') {
      throw new GitProtocolError(`unpack error: invalid tree ${oid}: bad entry name "${entry.name.slice(0, 100)}"`);
    }
  }
  if (!inGitOrder(data)) throw new GitProtocolError(`unpack error: invalid tree ${oid}: entries not sorted or duplicated`);
  return entries;
}

const SLASH = 0x2f;
/** Length of the tree mode "40000" (a sub-tree sorts as if its name ended with "/"). */
const TREE_MODE_LENGTH = TREE_MODE.length;

/**
 * Whether a well-formed tree body (parseTree accepted it) lists its entries in strict git order,
 * compared on the raw name bytes (no decoding or copies: a push checks thousands of trees).
 */
function inGitOrder(body: Buffer): boolean {
  let previousStart = -1;
  let previousEnd = -1;
  let previousIsTree = false;
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space + 1);
    const isTree = space - at === TREE_MODE_LENGTH && body[at] === 0x34;
    if (previousStart >= 0 && compareNames(body, previousStart, previousEnd, previousIsTree, space + 1, nul, isTree) >= 0) return false;
    previousStart = space + 1;
    previousEnd = nul;
    previousIsTree = isTree;
    at = nul + 21;
  }
  return true;
}

function compareNames(body: Buffer, aStart: number, aEnd: number, aIsTree: boolean, bStart: number, bEnd: number, bIsTree: boolean): number {
  const aLength = aEnd - aStart + (aIsTree ? 1 : 0);
  const bLength = bEnd - bStart + (bIsTree ? 1 : 0);
  const shorter = Math.min(aLength, bLength);
  for (let i = 0; i < shorter; i++) {
    const a = aStart + i < aEnd ? (body[aStart + i] as number) : SLASH;
    const b = bStart + i < bEnd ? (body[bStart + i] as number) : SLASH;
    if (a !== b) return a - b;
  }
  return aLength - bLength;
}

/**
 * Whether the pack holds a blob the tips' checks may refuse: a regular file over the threshold, or
 * an LFS pointer whose object the hub lacks. Without one, trees the store already held need no walk.
 */
async function refusableBlobs(store: Store, blobs: ReadonlyMap<string, BlobFacts>, threshold: number): Promise<boolean> {
  for (const facts of blobs.values()) {
    if (facts.lfs ? (await store.lfsObjectSize(facts.lfs.oid)) !== facts.lfs.size : facts.size > threshold) return true;
  }
  return false;
}

interface PackContents {
  readonly commits: ReadonlySet<string>;
  readonly trees: ReadonlySet<string>;
  readonly blobs: ReadonlyMap<string, BlobFacts>;
  /** Entries of pushed trees held since they were read (not all: see MAX_HELD_TREE_ENTRIES). */
  readonly treeEntries: ReadonlyMap<string, readonly TreeEntry[]>;
}

/**
 * Why a pushed tip may not become a ref: missing objects, LFS pointers without their object, or
 * regular files over the LFS threshold. Only the pack's own commits and trees are walked: what the
 * store already held was checked when it arrived.
 */
async function tipProblem(
  store: Store,
  repo: RepoRecord,
  pack: PackContents,
  tip: string,
  threshold: number,
): Promise<{ reason: string; details: string[] } | undefined> {
  if (!pack.commits.has(tip) && !store.hasGitObject('commit', tip)) return { reason: `missing necessary objects (${tip} is not a commit)`, details: [] };
  const tooLarge: string[] = [];
  const pointers = new Map<string, { path: string; oid: string; size: number }>();
  const seenTrees = new Set<string>();
  const missing = (what: string): { reason: string; details: string[] } => ({ reason: `missing necessary objects (${what})`, details: [] });
  const walkTree = (treeOid: string, prefix: string): string | undefined => {
    if (seenTrees.has(treeOid)) return undefined;
    seenTrees.add(treeOid);
    for (const entry of pack.treeEntries.get(treeOid) ?? store.treeEntries(treeOid)) {
      const path = prefix + entry.name;
      if (entry.mode === TREE_MODE) {
        if (pack.trees.has(entry.oid)) {
          const problem = walkTree(entry.oid, `${path}/`);
          if (problem) return problem;
        } else if (!store.hasGitObject('tree', entry.oid)) return `tree ${entry.oid} at ${path}`;
      } else if (entry.mode !== GITLINK_MODE) {
        const facts = pack.blobs.get(entry.oid);
        if (facts === undefined) {
          if (!store.hasGitObject('blob', entry.oid)) return `blob ${entry.oid} at ${path}`;
        } else if (facts.lfs) pointers.set(facts.lfs.oid, { path, oid: facts.lfs.oid, size: facts.lfs.size });
        else if (facts.size > threshold) tooLarge.push(path);
      }
    }
    return undefined;
  };
  const pending = [tip];
  const seenCommits = new Set<string>();
  while (pending.length > 0) {
    const oid = pending.pop() as string;
    if (seenCommits.has(oid) || !pack.commits.has(oid)) continue;
    seenCommits.add(oid);
    const commit = store.getCommit(oid);
    if (!commit) return missing(`commit ${oid}`);
    for (const parent of commit.parents) {
      if (!pack.commits.has(parent) && !store.hasGitObject('commit', parent)) return missing(`parent ${parent}`);
      pending.push(parent);
    }
    if (pack.trees.has(commit.treeOid)) {
      const problem = walkTree(commit.treeOid, '');
      if (problem) return missing(problem);
    } else if (!store.hasGitObject('tree', commit.treeOid)) return missing(`tree ${commit.treeOid}`);
  }
  if (tooLarge.length > 0) {
    return {
      reason: `files over ${threshold} bytes must be stored with Git LFS: ${tooLarge.slice(0, 3).join(', ')}${tooLarge.length > 3 ? ', ...' : ''}`,
      details: [
        `Your push was rejected because it contains files larger than ${threshold} bytes (the LFS threshold of ${repo.fullName}):`,
        ...tooLarge.slice(0, 20).map((path) => `  ${path}`),
        'Track them with Git LFS, then commit again:',
        ...tooLarge.slice(0, 20).map((path) => `  git lfs track "${path}"`),
      ],
    };
  }
  const notUploaded: string[] = [];
  for (const pointer of pointers.values()) {
    if ((await store.lfsObjectSize(pointer.oid)) !== pointer.size) notUploaded.push(pointer.path);
  }
  if (notUploaded.length > 0) {
    return {
      reason: `LFS objects not uploaded: ${notUploaded.slice(0, 3).join(', ')}${notUploaded.length > 3 ? ', ...' : ''}`,
      details: [
        'Your push was rejected because these LFS pointers name objects the hub does not hold:',
        ...notUploaded.slice(0, 20).map((path) => `  ${path}`),
        'Upload them first: git lfs push --all origin',
      ],
    };
  }
  return undefined;
}

/** Per-ref rules, then the moves themselves (all or nothing with `atomic`). */
function applyUpdates(store: Store, repo: RepoRecord, commands: readonly Command[], reasons: Map<string, string>, atomic: boolean): void {
  // What git was shown (a tag object for an annotated tag ref), and the commits refs hold.
  const tags = store.annotatedTags(repo.id);
  const commits = new Map(store.allRefs(repo.id).map((ref) => [ref.name, ref.commit]));
  const policy = (): ForcePushPolicy => store.repoOptions(repo.id).allowForcePush;
  const peeled = (oid: string): string => store.tagObject(oid)?.target ?? oid;
  for (const command of commands) {
    if (reasons.has(command.ref)) continue;
    const existing = tags.get(command.ref) ?? commits.get(command.ref);
    const old = command.old === ZERO_OID ? undefined : command.old;
    if (existing !== old) reasons.set(command.ref, old === undefined ? 'already exists' : 'stale info: fetch first');
    else if (command.next === ZERO_OID && command.ref === HEAD_TARGET) reasons.set(command.ref, `refusing to delete the default branch ${DEFAULT_BRANCH}`);
    else if (old !== undefined && command.next !== ZERO_OID && command.ref.startsWith(TAG_PREFIX)) reasons.set(command.ref, 'tags cannot be moved: delete the tag first');
    else if (old !== undefined && command.next !== ZERO_OID && !isAncestor(store, peeled(old), peeled(command.next))) {
      const refused = forcePushRefusal(repo, command.ref, policy());
      if (refused !== undefined) reasons.set(command.ref, refused);
    }
  }
  if (atomic && reasons.size > 0) {
    for (const command of commands) if (!reasons.has(command.ref)) reasons.set(command.ref, 'atomic push failed');
    return;
  }
  const ready = commands.filter((command) => !reasons.has(command.ref));
  const updates: PushedRefUpdate[] = ready.map((command) => {
    const tag = command.next !== ZERO_OID && store.tagObject(command.next) !== undefined ? command.next : undefined;
    return {
      name: command.ref,
      old: commits.get(command.ref),
      next: command.next === ZERO_OID ? undefined : peeled(command.next),
      ...(tag === undefined ? {} : { tag }),
    };
  });
  const outcomes = store.applyPushRefUpdates(repo.id, updates, { atomic });
  ready.forEach((command, index) => {
    const outcome = outcomes[index];
    if (outcome && !outcome.ok) reasons.set(command.ref, outcome.reason);
  });
}

/**
 * Why a forced (non-fast-forward) update of `ref` is refused, or undefined when the repo's
 * `allowForcePush` setting allows it: true for branches but the default one, 'all' for every branch.
 */
function forcePushRefusal(repo: RepoRecord, ref: string, policy: ForcePushPolicy): string | undefined {
  const settings = `PUT /api/${repo.type}s/${repo.fullName}/settings`;
  if (policy === false) return `non-fast-forward: force pushes are off for this repo (its owner can allow them: ${settings} {"allowForcePush": true})`;
  if (ref === HEAD_TARGET && policy !== 'all') {
    return `non-fast-forward: ${DEFAULT_BRANCH} is protected from force pushes (its owner can allow them there too: ${settings} {"allowForcePush": "all"})`;
  }
  return undefined;
}

/** Whether `ancestor` is in the history of `descendant` (breadth-first, each commit once). */
function isAncestor(store: Store, ancestor: string, descendant: string): boolean {
  const pending = [descendant];
  const seen = new Set<string>();
  for (let oid = pending.shift(); oid !== undefined; oid = pending.shift()) {
    if (oid === ancestor) return true;
    if (seen.has(oid)) continue;
    seen.add(oid);
    pending.push(...(store.getCommit(oid)?.parents ?? []));
  }
  return false;
}
