import type { LibraryRepo, SessionInfo } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { parseRepoId } from '../../shared/repo-id.js';
import type { Accounts } from '../accounts/index.js';
import type { RepoRecord, Store } from '../store/index.js';
import { HubUsage } from './hub-usage.js';
import { deleteHubRef, hubCommits, hubDeletePreview, hubDiff, hubOverview, hubReadme, hubTree } from './hub-repo-views.js';
import { sessionCanSee, sessionCanWrite } from './repo-access.js';
import type { RepoAddress, RepoViews } from './repo-views.js';

export interface HubSourceDeps {
  readonly store: Store;
  readonly accounts: Accounts;
  readonly dataDir: string;
}

/** A local hub repo the session may see; any other (missing or private to others) is RepoNotFound alike. */
export function loadVisibleRepo(store: Store, accounts: Accounts, session: SessionInfo, address: RepoAddress): RepoRecord {
  const id = parseRepoId(address.id, address.type);
  const repo = store.findRepo(id.type, id.namespace, id.name);
  if (!repo || !sessionCanSee(accounts, session, repo)) throw new AppError('RepoNotFound', `There is no ${address.type} ${address.id} on this hub`);
  return repo;
}

/** The repo screens over the local hub's store. */
export function createHubSource(deps: HubSourceDeps): RepoViews {
  const { store, accounts } = deps;
  const usage = new HubUsage(store);

  const load = (session: SessionInfo, address: RepoAddress): RepoRecord => loadVisibleRepo(store, accounts, session, address);

  return {
    list: (session) =>
      Promise.resolve(
        store
          .listRepos()
          .filter((repo) => sessionCanSee(accounts, session, repo))
          .map((repo): LibraryRepo => {
            const refs = store.listRefs(repo.id);
            const measured = usage.of(repo);
            return {
              source: 'hub',
              type: repo.type,
              id: repo.fullName,
              sizeOnDisk: measured.sizeOnDisk,
              files: measured.files,
              revisions: refs.branches.length + refs.tags.length,
              refs: [...refs.branches, ...refs.tags].map((ref) => ref.name),
              lastUsed: repo.updatedAt,
              private: repo.private,
            };
          }),
      ),
    overview: (session, address) => Promise.resolve(hubOverview(store, usage, load(session, address), deps.dataDir)),
    tree: (session, address, revision) => Promise.resolve(hubTree(store, load(session, address), revision)),
    commits: (session, address, revision, limit) => Promise.resolve(hubCommits(store, load(session, address), revision, limit)),
    readme: (session, address, revision) => Promise.resolve(hubReadme(store, load(session, address), revision)),
    diff: (session, address, from, to) => Promise.resolve(hubDiff(store, load(session, address), from, to)),
    location: (session, address) => {
      load(session, address);
      return Promise.resolve(deps.dataDir);
    },
    deletePreview: (session, address, revision) => Promise.resolve(hubDeletePreview(store, usage, load(session, address), revision)),
    deleteRevision: (session, address, revision) => {
      const repo = load(session, address);
      if (!sessionCanWrite(accounts, session, repo)) throw new AppError('Forbidden', `You cannot change ${repo.fullName}`);
      const preview = hubDeletePreview(store, usage, repo, revision);
      deleteHubRef(store, repo, revision);
      return Promise.resolve({ freedBytes: preview.freedBytes, deferred: true });
    },
  };
}
