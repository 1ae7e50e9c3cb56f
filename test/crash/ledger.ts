// What the crash suite's clients were told succeeded (acknowledged), so it can check after each
// restart that all of it is still there.

export interface AckedFile {
  readonly path: string;
  readonly sha256: string;
  /** The git blob oid of a regular file; an LFS file is known by its sha256. */
  readonly gitOid: string | undefined;
}

export interface AckedCommit {
  readonly branch: string;
  readonly oid: string;
  readonly files: readonly AckedFile[];
}

export type WriteKind = 'commit' | 'large commit' | 'LFS PUT' | 'LFS multipart' | 'branch' | 'tag' | 'download' | 'gc';

export class Ledger {
  /** Acknowledged writes, by kind. */
  readonly acknowledged = new Map<WriteKind, number>();
  /** Writes that were acknowledged and then were not found: must stay empty. */
  readonly lost: string[] = [];
  /** Replies a live server should not give (5xx, a refused valid write): findings, not crash effects. */
  readonly problems: string[] = [];
  /** Operations cut by a kill (their outcome is either state). */
  interrupted = 0;

  /** Every acknowledged commit, checked again at the end. */
  readonly commits: AckedCommit[] = [];
  /** Commits and LFS objects acknowledged since the last restart, checked right after it. */
  uncheckedCommits: AckedCommit[] = [];
  uncheckedLfs: Array<{ readonly oid: string; readonly size: number }> = [];
  /** "branch:name" / "tag:name" -> the commit it was acknowledged at, or null once its deletion was. */
  readonly refs = new Map<string, string | null>();
  /** Refs whose change was in flight at the kill: either state is right. */
  readonly uncertainRefs = new Set<string>();

  ack(kind: WriteKind): void {
    this.acknowledged.set(kind, (this.acknowledged.get(kind) ?? 0) + 1);
  }

  get totalAcknowledged(): number {
    let total = 0;
    for (const count of this.acknowledged.values()) total += count;
    return total;
  }

  ackCommit(kind: 'commit' | 'large commit', commit: AckedCommit): void {
    this.ack(kind);
    this.commits.push(commit);
    this.uncheckedCommits.push(commit);
  }

  ackRef(kind: 'branch' | 'tag', name: string, commit: string | null): void {
    this.ack(kind);
    this.refs.set(`${kind}:${name}`, commit);
    this.uncertainRefs.delete(`${kind}:${name}`);
  }
}
