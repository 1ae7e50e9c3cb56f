// One client of the crash suite: it owns a branch and keeps writing to it (commits, LFS uploads,
// tags and branches made from it) until the server is killed under it.
import { randomBytes } from 'node:crypto';
import { fileLine, gitBlobOid, lfsLine, sha256 } from '../helpers/hub-write.js';
import type { SeededRandom } from '../helpers/seeded-random.js';
import { UnexpectedReply, type HubClient, type RefsReply } from './hub-client.js';
import type { AckedFile, Ledger } from './ledger.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Tags and extra branches a writer keeps alive; older ones are deleted. */
const KEEP_REFS = 2;

interface CommitIntent {
  readonly added: readonly string[];
  readonly deleted: readonly string[];
}

export class Writer {
  /** The head this writer last saw acknowledged (or found after a restart). */
  head = '';
  private readonly livePaths = new Set<string>();
  private tags: string[] = [];
  private branches: string[] = [];
  private counter = 0;
  private pendingCommit: CommitIntent | undefined;
  private client: HubClient | undefined;

  constructor(
    readonly branch: string,
    private readonly ledger: Ledger,
  ) {}

  /** Writes until a request fails because the server is gone; a reply a live server should not give is recorded. */
  async run(client: HubClient, random: SeededRandom): Promise<void> {
    this.client = client;
    for (;;) {
      const op = random.pick(['commit', 'commit', 'large commit', 'LFS PUT', 'LFS PUT', 'LFS multipart', 'tag', 'branch'] as const);
      try {
        await this.step(op, random);
      } catch (error) {
        if (error instanceof UnexpectedReply) this.ledger.problems.push(`${this.branch}: ${error.message}`);
        else if (!isConnectionError(error)) this.ledger.problems.push(`${this.branch}: ${String(error)}`);
        else this.ledger.interrupted++;
        return;
      }
    }
  }

  private async step(op: 'commit' | 'large commit' | 'LFS PUT' | 'LFS multipart' | 'tag' | 'branch', random: SeededRandom): Promise<void> {
    const n = ++this.counter;
    if (op === 'commit' || op === 'large commit') {
      const count = op === 'commit' ? random.int(1, 8) : random.int(200, 600);
      const files = Array.from({ length: count }, (_, i) => ({ path: `${op === 'commit' ? 'small' : `bulk-${n}`}/${this.branch}-${n}-${i}.txt`, data: randomBytes(random.int(1, 2048)) }));
      const deleted = op === 'commit' && this.livePaths.size > 0 && random.next() < 0.5 ? [random.pick([...this.livePaths])] : [];
      await this.commit(op, files, deleted, n);
    } else if (op === 'LFS PUT' || op === 'LFS multipart') {
      const data = randomBytes(op === 'LFS PUT' ? random.int(16 * KiB, MiB) : random.int(2 * MiB, 3 * MiB));
      if (await this.api().uploadLfs(data, op === 'LFS multipart')) {
        this.ledger.ack(op);
        this.ledger.uncheckedLfs.push({ oid: sha256(data), size: data.length });
      }
      await this.commit('commit', [{ path: `weights/${this.branch}-${n}.bin`, data, lfs: true }], [], n);
    } else {
      const name = `${this.branch}-${op === 'tag' ? 't' : 'b'}${n}`;
      const kept = op === 'tag' ? this.tags : this.branches;
      this.ledger.uncertainRefs.add(`${op}:${name}`);
      if (op === 'tag') await this.api().createTag(name, this.head);
      else await this.api().createBranch(name, this.head);
      this.ledger.ackRef(op, name, this.head);
      kept.push(name);
      if (kept.length > KEEP_REFS) {
        const old = kept[0] as string;
        this.ledger.uncertainRefs.add(`${op}:${old}`);
        await this.api().deleteRef(op, old);
        kept.shift();
        this.ledger.ackRef(op, old, null);
      }
    }
  }

  private async commit(
    kind: 'commit' | 'large commit',
    files: ReadonlyArray<{ path: string; data: Buffer; lfs?: boolean }>,
    deleted: readonly string[],
    n: number,
  ): Promise<void> {
    const lines = [
      ...files.map((file) => (file.lfs ? lfsLine(file.path, file.data) : fileLine(file.path, file.data))),
      ...deleted.map((path) => ({ key: 'deletedFile', value: { path } })),
    ];
    this.pendingCommit = { added: files.map((file) => file.path), deleted };
    const oid = await this.api().commit(this.branch, this.head, `${kind} ${n}`, lines);
    this.applyCommit(oid);
    const acked: AckedFile[] = files.map((file) => ({ path: file.path, sha256: sha256(file.data), gitOid: file.lfs ? undefined : gitBlobOid(file.data) }));
    this.ledger.ackCommit(kind, { branch: this.branch, oid, files: acked });
  }

  private applyCommit(oid: string): void {
    for (const path of this.pendingCommit?.added ?? []) this.livePaths.add(path);
    for (const path of this.pendingCommit?.deleted ?? []) this.livePaths.delete(path);
    this.pendingCommit = undefined;
    this.head = oid;
  }

  /**
   * After a restart: the branch must be at the acknowledged head, or one commit past it when a
   * commit was in flight at the kill (its reply was lost). Returns a problem, or undefined.
   */
  async resync(client: HubClient, refs: RefsReply): Promise<string | undefined> {
    this.client = client;
    const actual = refs.branches.find((ref) => ref.name === this.branch)?.targetCommit;
    const prefix = (kind: string) => (name: string) => name.startsWith(`${this.branch}-${kind}`);
    this.tags = refs.tags.map((ref) => ref.name).filter(prefix('t')).sort(byNumber);
    this.branches = refs.branches.map((ref) => ref.name).filter(prefix('b')).sort(byNumber);
    if (actual === undefined) return `branch ${this.branch} is gone`;
    if (actual === this.head) {
      this.pendingCommit = undefined;
      return undefined;
    }
    const [, parent] = await client.history(actual, 2);
    if (this.pendingCommit === undefined || parent !== this.head) {
      return `branch ${this.branch} is at ${actual}, expected the acknowledged ${this.head}${this.pendingCommit ? ' or a child of it' : ''}`;
    }
    this.applyCommit(actual);
    return undefined;
  }

  private api(): HubClient {
    if (!this.client) throw new Error('the writer has no server yet');
    return this.client;
  }
}

function byNumber(a: string, b: string): number {
  return Number(/\d+$/.exec(a)?.[0]) - Number(/\d+$/.exec(b)?.[0]);
}

/** The ways a request fails when the server process is killed under it. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED'].includes(String(code)) || (error instanceof Error && error.message === 'socket hang up');
}
