import type { SyncLink, SyncMirror, SyncPoint, SyncStatusResponse } from '../../shared/app-api.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import { AppError } from '../../shared/errors.js';
import { ALL_REFS, DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { RepoType } from '../../shared/repo-id.js';
import { parseRepoId } from '../../shared/repo-id.js';
import type { Catalog } from '../catalog/index.js';
import type { TokenLookup } from '../credentials/index.js';
import { createSyncPullsTable, createSyncPushesTable, type Db, type SyncPullRow, type SyncPushRow } from '../db/index.js';
import type { RepoRecord, Store } from '../store/index.js';
import { HubApi, type UpstreamClient } from '../upstream/index.js';
import type { Mirrors } from './mirrors.js';

export interface SyncStatusOptions {
  readonly store: Store;
  readonly db: Db;
  readonly mirrors: Mirrors;
  readonly client: UpstreamClient;
  readonly tokens: TokenLookup;
  /** Structure tracking, for "update available" where the remote repo is tracked. */
  readonly catalog?: Catalog;
}

/** The remote's newest commits read to count how far behind a link is (one request per link). */
const BEHIND_PAGE = 100;
/** A remote that is down is retried by the client; status says so after this long rather than keep the panel waiting. */
const REMOTE_ANSWER_MS = 10_000;
/** Local history walked at most this far back to count how far ahead a branch is. */
const AHEAD_WALK_LIMIT = 100_000;

interface LinkSeed {
  readonly endpoint: string;
  readonly remoteRepo: string;
  readonly revision: string;
  lastSync: SyncPoint | null;
  mirror: SyncMirror | null;
}

/**
 * The remotes linked to a local repo (by its pulls, pushes and mirrors) and, for each, how many
 * local commits were made since the last synced local commit (ahead) and how many remote commits
 * since the last synced remote commit (behind: one request to the remote per link).
 */
export class SyncStatusReader {
  private readonly pulls;
  private readonly pushes;

  constructor(private readonly options: SyncStatusOptions) {
    this.pulls = createSyncPullsTable(options.db);
    this.pushes = createSyncPushesTable(options.db);
  }

  async status(type: RepoType, repoName: string, signal?: AbortSignal): Promise<SyncStatusResponse> {
    const id = parseRepoId(repoName, type);
    const repo = this.options.store.findRepo(type, id.namespace, id.name);
    const name = `${id.namespace}/${id.name}`;
    const mirrors = this.options.mirrors.forRepo(type, name);
    if (!repo && mirrors.length === 0) throw new AppError('RepoNotFound', `No ${type} repo ${name} in the local hub`);
    const seeds = this.seeds(repo, mirrors);
    const links = await Promise.all(seeds.map((seed) => this.link(type, repo, seed, signal)));
    return { type, repo: name, links };
  }

  /** One seed per (remote, remote repo, revision): from the newest pull or push of each, then mirrors not yet run. */
  private seeds(repo: RepoRecord | undefined, mirrors: readonly SyncMirror[]): LinkSeed[] {
    const seeds = new Map<string, LinkSeed>();
    const keyOf = (endpoint: string, remoteRepo: string, revision: string): string => `${trimEndpoint(endpoint)}\n${remoteRepo}\n${revision}`;
    const synced = repo ? [...this.pulls.links(repo.id).map(pullPoint), ...this.pushes.links(repo.id).map(pushPoint)] : [];
    for (const { row, point } of synced) {
      const key = keyOf(row.remote_endpoint, row.remote_repo, row.revision);
      const known = seeds.get(key);
      if (known?.lastSync && known.lastSync.at >= point.at) continue;
      seeds.set(key, { endpoint: row.remote_endpoint, remoteRepo: row.remote_repo, revision: row.revision, lastSync: point, mirror: null });
    }
    for (const mirror of mirrors) {
      const key = keyOf(mirror.endpoint, mirror.remoteRepo, DEFAULT_BRANCH);
      const seed = seeds.get(key) ?? { endpoint: mirror.endpoint, remoteRepo: mirror.remoteRepo, revision: DEFAULT_BRANCH, lastSync: null, mirror: null };
      seed.mirror = mirror;
      seeds.set(key, seed);
    }
    return [...seeds.values()];
  }

  private async link(type: RepoType, repo: RepoRecord | undefined, seed: LinkSeed, signal: AbortSignal | undefined): Promise<SyncLink> {
    const localBranch = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(seed.revision) ? DEFAULT_BRANCH : seed.revision;
    const base = {
      endpoint: seed.endpoint, remoteRepo: seed.remoteRepo, revision: seed.revision, localBranch, lastSync: seed.lastSync, mirror: seed.mirror,
      ahead: repo && seed.lastSync ? this.ahead(repo, localBranch, seed.lastSync.localCommit) : null,
      updateAvailable: this.updateAvailable(type, seed),
    };
    const token = this.options.tokens(seed.endpoint);
    const api = new HubApi(this.options.client, { endpoint: seed.endpoint, ...(token === undefined ? {} : { token }) });
    const deadline = AbortSignal.timeout(REMOTE_ANSWER_MS);
    try {
      const page = await api.firstCommits(type, seed.remoteRepo, seed.revision, BEHIND_PAGE, signal ? AbortSignal.any([signal, deadline]) : deadline);
      const remoteHead = page.commits[0]?.id ?? null;
      if (!seed.lastSync) return { ...base, behind: null, behindAtLeast: false, remoteHead, error: null };
      const synced = seed.lastSync.remoteCommit;
      const index = page.commits.findIndex((commit) => commit.id === synced);
      return index >= 0
        ? { ...base, behind: index, behindAtLeast: false, remoteHead, error: null }
        : { ...base, behind: page.commits.length, behindAtLeast: true, remoteHead, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ...base, behind: null, behindAtLeast: false, remoteHead: null, error: deadline.aborted ? `no answer within ${REMOTE_ANSWER_MS / 1000} s (${reason})` : reason };
    }
  }

  /** Commits on the local branch after `synced`; null when the branch is gone or `synced` is no longer in its history. */
  private ahead(repo: RepoRecord, branch: string, synced: string): number | null {
    const { store } = this.options;
    if (!store.hasBranch(repo.id, branch)) return null;
    let count = 0;
    for (const commit of store.history(store.resolveRevision(repo.id, branch))) {
      if (commit.oid === synced) return count;
      if (++count > AHEAD_WALK_LIMIT) return null;
    }
    return null;
  }

  private updateAvailable(type: RepoType, seed: LinkSeed): SyncLink['updateAvailable'] {
    const tracked = this.options.catalog
      ?.list()
      .find((candidate) => candidate.source === 'remote' && trimEndpoint(candidate.endpoint) === trimEndpoint(seed.endpoint) && candidate.repoType === type
        && candidate.repo === seed.remoteRepo && (candidate.revision === seed.revision || candidate.revision === ALL_REFS));
    if (!tracked) return null;
    const commit = tracked.refs.find((ref) => ref.ref === seed.revision)?.commit ?? (tracked.revision === seed.revision ? tracked.commit : null);
    if (commit === null || commit === seed.lastSync?.remoteCommit) return null;
    return { commit, checkedAt: tracked.checkedAt };
  }
}

interface SyncedLink {
  readonly row: SyncPullRow | SyncPushRow;
  readonly point: SyncPoint;
}

function pullPoint(row: SyncPullRow): SyncedLink {
  return { row, point: { direction: 'pull', at: row.pulled_at, localCommit: row.local_commit, remoteCommit: row.remote_commit } };
}

function pushPoint(row: SyncPushRow): SyncedLink {
  return { row, point: { direction: 'push', at: row.pushed_at, localCommit: row.local_commit, remoteCommit: row.remote_commit } };
}
