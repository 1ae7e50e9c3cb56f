import type { RemoteRepoInfo, RemoteSearchResult, RepoFile } from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';
import { datasetConfigs } from '../download/index.js';
import { HubApi, type UpstreamClient } from '../upstream/index.js';
import type { RemotePort } from './ports.js';

function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function parseDate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** Search and repo info on remote hubs, through the core's one upstream client. */
export function createRemoteBrowser(client: UpstreamClient): RemotePort {
  return {
    async search(target, type, query, limit, signal) {
      const api = new HubApi(client, target);
      const results: RemoteSearchResult[] = [];
      const filters = { ...(query === '' ? {} : { search: query }), limit };
      for await (const repo of api.listRepos(type, filters, signal)) {
        results.push({
          id: repo.id,
          type,
          lastModified: parseDate(repo.lastModified),
          downloads: optionalNumber(repo.downloads),
          likes: optionalNumber(repo.likes),
          private: repo.private ?? false,
          gated: repo.gated !== undefined && repo.gated !== false,
        });
      }
      return { results };
    },

    async info(target, type: RepoType, repo, revision, signal): Promise<RemoteRepoInfo> {
      const api = new HubApi(client, target);
      const info = await api.repoInfo(type, repo, { revision, ...(signal ? { signal } : {}) });
      const commit = info.sha ?? revision;
      const files: RepoFile[] = [];
      for await (const entry of api.listTree(type, repo, commit, { recursive: true, ...(signal ? { signal } : {}) })) {
        if (entry.type !== 'file') continue;
        files.push({ path: entry.path, size: entry.size, oid: entry.oid, sha256: entry.lfs?.oid ?? null, lfs: entry.lfs !== undefined });
      }
      const readme = type === 'dataset' && files.some((file) => file.path === 'README.md') ? await api.readText(type, repo, commit, 'README.md', signal) : undefined;
      const configs =
        type === 'dataset' ? datasetConfigs(files.map((file) => file.path), readme).map(({ name, default: isDefault, splits }) => ({ name, default: isDefault, splits })) : [];
      return {
        id: info.id,
        type,
        commit,
        lastModified: parseDate(info.lastModified),
        gated: info.gated !== undefined && info.gated !== false,
        private: info.private ?? false,
        files,
        datasetConfigs: configs,
      };
    },
  };
}
