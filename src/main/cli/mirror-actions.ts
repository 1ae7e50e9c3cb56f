// The actions of `hubkeeper mirror ...` and `hubkeeper sync status` (see mirror-command.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncLink, SyncMirror } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { Catalog, formatEvery, parseEvery } from '../catalog/index.js';
import { loadConfig, type Config } from '../config.js';
import { HubRegistry, endpointTokens } from '../credentials/index.js';
import { DATABASE_FILE, openDatabase, type Db } from '../db/index.js';
import { upstreamClientFromConfig } from '../download/index.js';
import { createStore } from '../store/index.js';
import { Mirrors, SyncStatusReader, remoteEndpoint } from '../sync/index.js';
import { formatAgo, formatIn, renderTable } from './cli-format.js';

interface CommonOptions {
  readonly data?: string;
  readonly json?: boolean;
}

interface MirrorOptions extends CommonOptions {
  readonly from?: string;
  readonly every: string;
  readonly history?: boolean;
  readonly allRefs?: boolean;
  readonly repoType: RepoType;
}

function configOf(options: CommonOptions): Config {
  const config = loadConfig(undefined, options.data === undefined ? {} : { dataDir: options.data });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return config;
}

function registryOf(config: Config): HubRegistry {
  return new HubRegistry(config.dataDir, [{ id: 'hf', name: 'Hugging Face', endpoint: config.hf.endpoint, token: undefined }]);
}

function withDb<T>(config: Config, use: (db: Db) => T): T {
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

export function mirrorAdd(repo: string | undefined, options: MirrorOptions): void {
  if (repo === undefined) throw new AppError('BadRequest', 'Name the repo to mirror: hubkeeper mirror REPO --from REMOTE [--every 6h] (or hubkeeper mirror ls)');
  if (options.from === undefined) throw new AppError('BadRequest', 'Say where to mirror from: --from REMOTE (a remote name or a hub URL)');
  const config = configOf(options);
  const endpoint = remoteEndpoint(registryOf(config), options.from);
  const everyMs = parseEvery(options.every);
  const mirror = withDb(config, (db) =>
    new Mirrors(db).set({ type: options.repoType, repo, endpoint, everyMs, history: options.history === true, allRefs: options.allRefs === true }),
  );
  if (options.json) print(JSON.stringify(mirror, null, 2));
  else print(`Mirroring ${mirror.repo} from ${mirror.endpoint} ${everyMs === null ? 'on demand only' : `every ${formatEvery(everyMs)}`}${optionsText(mirror)}; the server (hubkeeper serve or the app) runs it`);
}

export function mirrorList(options: CommonOptions): void {
  const mirrors = withDb(configOf(options), (db) => new Mirrors(db).list());
  if (options.json) {
    print(JSON.stringify(mirrors, null, 2));
    return;
  }
  if (mirrors.length === 0) {
    print('No mirrors; add one with: hubkeeper mirror REPO --from REMOTE --every 6h');
    return;
  }
  const now = Date.now();
  print(renderTable(
    ['REPO', 'FROM', 'EVERY', 'NEXT', 'LAST RESULT'],
    mirrors.map((mirror) => [
      `${mirror.type === 'model' ? '' : `${mirror.type}:`}${mirror.repo}${optionsText(mirror)}`,
      mirror.endpoint,
      formatEvery(mirror.everyMs),
      mirror.nextRunAt === null ? 'on demand' : formatIn(mirror.nextRunAt, now),
      resultText(mirror, now),
    ]),
  ));
}

export function mirrorRemove(repo: string, options: CommonOptions & { readonly from?: string; readonly repoType: RepoType }): void {
  const config = configOf(options);
  const endpoint = options.from === undefined ? undefined : remoteEndpoint(registryOf(config), options.from);
  const removed = withDb(config, (db) => new Mirrors(db).remove(options.repoType, repo, endpoint));
  if (removed.length === 0) throw new AppError('NotFound', `No mirror of ${repo}${options.from === undefined ? '' : ` from ${options.from}`}`);
  for (const mirror of removed) print(`Stopped mirroring ${mirror.repo} from ${mirror.endpoint}; what was pulled stays`);
}

export async function syncStatus(repo: string, options: CommonOptions & { readonly repoType: RepoType }): Promise<void> {
  const config = configOf(options);
  const hubs = registryOf(config);
  const client = upstreamClientFromConfig(config.hf);
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  try {
    const tokens = endpointTokens(config.hf, hubs);
    const reader = new SyncStatusReader({
      store: createStore({ db, dataDir: config.dataDir, lfsThreshold: config.lfsThreshold }),
      db, mirrors: new Mirrors(db), client, tokens, catalog: new Catalog({ db, client, tokens }),
    });
    const status = await reader.status(options.repoType, repo);
    if (options.json) {
      print(JSON.stringify(status, null, 2));
      return;
    }
    if (status.links.length === 0) {
      print(`${status.repo} is linked to no remote: pull it (hubkeeper pull) or mirror it (hubkeeper mirror) first`);
      return;
    }
    const now = Date.now();
    print(renderTable(
      ['REMOTE', 'REVISION', 'LOCAL', 'AHEAD', 'BEHIND', 'LAST SYNC', 'NOTE'],
      status.links.map((link) => [
        `${link.endpoint} ${link.remoteRepo}`, link.revision, link.localBranch, countText(link.ahead, false), countText(link.behind, link.behindAtLeast),
        link.lastSync === null ? 'never' : `${link.lastSync.direction} ${formatAgo(link.lastSync.at, now)}`, noteText(link),
      ]),
      new Set([3, 4]),
    ));
  } finally {
    db.close();
    await client.close();
  }
}

function countText(count: number | null, atLeast: boolean): string {
  if (count === null) return '?';
  return `${count}${atLeast ? '+' : ''}`;
}

function noteText(link: SyncLink): string {
  const notes: string[] = [];
  if (link.error !== null) notes.push(`remote not asked: ${link.error}`);
  if (link.updateAvailable !== null) notes.push(`update available (tracking: ${link.updateAvailable.commit.slice(0, 12)})`);
  if (link.mirror !== null) notes.push(`mirrored every ${formatEvery(link.mirror.everyMs)}`);
  return notes.join('; ');
}

function optionsText(mirror: SyncMirror): string {
  const flags = [mirror.history ? '--history' : '', mirror.allRefs ? '--all-refs' : ''].filter((flag) => flag !== '');
  return flags.length === 0 ? '' : ` (${flags.join(' ')})`;
}

function resultText(mirror: SyncMirror, now: number): string {
  const result = mirror.lastResult;
  if (result === null) return 'not run yet';
  return `${result.ok ? '' : 'FAILED: '}${result.message} (${formatAgo(result.at, now)})`;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
