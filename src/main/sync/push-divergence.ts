import { AppError } from '../../shared/errors.js';
import type { LastSync } from '../db/index.js';
import { RemoteFiles, type FileKeys } from './push-compare.js';
import type { RemoteCommit, RemoteWriter } from './push-remote.js';

/** How files differ between two trees, by path, from the side of the newer one. */
export interface FileChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly modified: readonly string[];
}

/** What a file is, for comparing trees, by path (see RemoteFiles). */
export type FileOids = FileKeys;

const LISTED_FILES = 10;
const LISTED_COMMITS = 10;

/** Files of `now` added, removed or modified since `before`. */
export function fileChanges(before: FileOids, now: FileOids): FileChanges {
  const added: string[] = [];
  const modified: string[] = [];
  for (const [path, oid] of now) {
    const old = before.get(path);
    if (old === undefined) added.push(path);
    else if (old !== oid) modified.push(path);
  }
  const removed = [...before.keys()].filter((path) => !now.has(path));
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}

export function sameFiles(a: FileOids, b: FileOids): boolean {
  if (a.size !== b.size) return false;
  for (const [path, oid] of a) if (b.get(path) !== oid) return false;
  return true;
}

export interface DivergenceInput {
  readonly writer: RemoteWriter;
  readonly branch: string;
  /** The remote's head now, and its files. */
  readonly head: string;
  readonly remoteFiles: FileOids;
  readonly localFiles: FileOids;
  readonly lastSync: LastSync | undefined;
  readonly signal: AbortSignal;
}

/**
 * The refusal of a push to a remote that moved since the last sync: which files changed there
 * (since the last synced commit, or against the local tree when there is no record) and the
 * remote commits since, on one line, as a Conflict (exit code 1 in the CLI).
 */
export async function divergenceError(input: DivergenceInput): Promise<AppError> {
  const { writer, branch, head, lastSync, signal } = input;
  const where = `${writer.target.repo}@${branch} on ${writer.target.endpoint}`;
  const syncedFiles = lastSync === undefined ? undefined : await writer.listing(lastSync.remote_commit, signal).then((listing) => new RemoteFiles(listing).keys(), () => undefined);
  const changes = fileChanges(syncedFiles ?? input.localFiles, input.remoteFiles);
  const history = await writer.commitsSince(branch, lastSync?.remote_commit, LISTED_COMMITS, signal).catch(() => undefined);
  const since = lastSync === undefined
    ? `has files this repo has never synced with it (no pull from or push to it is recorded) and its tree differs from the local one`
    : `moved since the last sync (${lastSync.kind} at ${short(lastSync.remote_commit)}, ${new Date(lastSync.at).toISOString()}); now at ${short(head)}`;
  const compared = syncedFiles === undefined ? (lastSync === undefined ? 'against the local tree' : 'against the local tree (the synced commit is gone)') : 'since then';
  const parts = [
    `Refusing to push: ${where} ${since}.`,
    `Remote files ${compared}: ${describeChanges(changes)}.`,
    history === undefined ? '' : `Remote commits${lastSync === undefined ? '' : ' since'}: ${describeCommits(history.commits, history.more)}.`,
    'Pull first, or push with --force to make the remote\'s tree equal the local one.',
  ];
  return new AppError('Conflict', parts.filter((part) => part !== '').join(' '), { remoteCommit: head, ...(lastSync ? { lastSyncedCommit: lastSync.remote_commit } : {}) });
}

function describeChanges(changes: FileChanges): string {
  const groups: string[] = [];
  for (const [label, paths] of [['modified', changes.modified], ['added', changes.added], ['removed', changes.removed]] as const) {
    if (paths.length === 0) continue;
    const shown = paths.slice(0, LISTED_FILES).join(', ');
    groups.push(`${paths.length} ${label} (${shown}${paths.length > LISTED_FILES ? `, and ${paths.length - LISTED_FILES} more` : ''})`);
  }
  return groups.length === 0 ? 'none (only the history differs)' : groups.join('; ');
}

function describeCommits(commits: readonly RemoteCommit[], more: boolean): string {
  if (commits.length === 0) return 'none listed';
  const shown = commits.map((commit) => `${short(commit.id)} "${commit.title}" (${commit.date})`).join(', ');
  return more ? `${shown}, and more` : shown;
}

function short(commit: string): string {
  return commit.slice(0, 12);
}
