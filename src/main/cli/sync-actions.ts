// The actions of `hubkeeper remote ...` and `hubkeeper pull` (see sync-command.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import type { RepoType } from '../../shared/repo-id.js';
import { loadConfig, type Config } from '../config.js';
import { HubRegistry, endpointTokens } from '../credentials/index.js';
import { DATABASE_FILE, openDatabase } from '../db/index.js';
import { upstreamClientFromConfig } from '../download/index.js';
import { createStore } from '../store/index.js';
import { findRemote, openPuller, parsePullSpec, remoteEndpoint, testRemote, type PullPreview, type PullResult, type RefsOutcome, type RemoteTestReport } from '../sync/index.js';
import { renderTable } from './cli-format.js';
import { createProgressDisplay, showFilesProgress } from './progress-bars.js';
import { runResumable } from './resumable-run.js';

export interface CommonOptions {
  readonly data?: string;
  readonly json?: boolean;
}

interface PullOptions extends CommonOptions {
  readonly from: string;
  readonly token?: string;
  readonly repoType: RepoType;
  readonly revision?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly as?: string;
  readonly history?: boolean;
  readonly allRefs?: boolean;
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
}

export function configOf(options: CommonOptions): Config {
  const config = loadConfig(undefined, options.data === undefined ? {} : { dataDir: options.data });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return config;
}

export function registryOf(config: Config): HubRegistry {
  return new HubRegistry(config.dataDir, [{ id: 'hf', name: 'Hugging Face', endpoint: config.hf.endpoint, token: undefined }]);
}

export function remoteAdd(name: string, url: string, options: CommonOptions & { readonly token?: string }): void {
  const hubs = registryOf(configOf(options));
  if (findRemote(hubs, name)) throw new AppError('Conflict', `A remote called "${name}" exists already; remove it first with: hubkeeper remote rm ${name}`);
  const added = hubs.add({ name, endpoint: url, ...(options.token === undefined ? {} : { token: options.token }) });
  print(`Added remote ${added.name} (${added.endpoint})${added.hasToken ? ' with a token' : ''}`);
}

export function remoteList(options: CommonOptions): void {
  const hubs = registryOf(configOf(options)).list();
  if (options.json) {
    print(JSON.stringify(hubs.map((hub) => ({ name: hub.name, id: hub.id, endpoint: hub.endpoint, hasToken: hub.hasToken })), null, 2));
    return;
  }
  print(renderTable(['NAME', 'URL', 'TOKEN'], hubs.map((hub) => [hub.name, hub.endpoint, hub.hasToken ? 'saved' : 'none'])));
}

export function remoteRemove(name: string, options: CommonOptions): void {
  const hubs = registryOf(configOf(options));
  const hub = findRemote(hubs, name);
  if (!hub) throw new AppError('NotFound', `No remote called "${name}"`);
  hubs.remove(hub.id);
  print(`Removed remote ${hub.name}`);
}

export async function remoteTest(name: string, options: CommonOptions): Promise<void> {
  const config = configOf(options);
  const hubs = registryOf(config);
  const client = upstreamClientFromConfig(config.hf);
  try {
    const report = await testRemote(client, hubs, endpointTokens(config.hf, hubs), name);
    if (options.json) print(JSON.stringify(report, null, 2));
    else print(testText(report));
    if (!report.reachable || report.error !== undefined) process.exitCode = 1;
  } finally {
    await client.close();
  }
}

function testText(report: RemoteTestReport): string {
  const lines = [`${report.name} (${report.endpoint}): ${report.reachable ? 'reachable' : 'NOT reachable'}`];
  if (report.user !== undefined) {
    const scopes = report.scopes === undefined ? '' : `, scopes: ${report.scopes.join(', ') || 'none'}`;
    lines.push(`token of ${report.user}${report.tokenName === undefined ? '' : ` ("${report.tokenName}")`}, role: ${report.role ?? 'not said'}${scopes}`);
  } else if (!report.hasToken) {
    lines.push('no token saved');
  }
  if (report.error !== undefined) lines.push(`error: ${report.error}`);
  return lines.join('\n');
}

export async function pull(repo: string, options: PullOptions): Promise<void> {
  if (options.allRefs && options.revision !== undefined) throw new AppError('BadRequest', '--all-refs pulls every branch and tag: leave out --revision');
  if (options.allRefs && options.dryRun) throw new AppError('BadRequest', '--dry-run previews one revision: leave out --all-refs');
  const config = configOf(options);
  const hubs = registryOf(config);
  const spec = parsePullSpec({
    repo,
    endpoint: remoteEndpoint(hubs, options.from),
    repoType: options.repoType,
    ...(options.revision === undefined ? {} : { revision: options.revision }),
    ...(options.include === undefined ? {} : { include: options.include }),
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
    ...(options.as === undefined ? {} : { as: options.as }),
    ...(options.history ? { history: true } : {}),
    ...(options.allRefs ? { allRefs: true } : {}),
  });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const opened = openPuller({ config, db, store: createStore({ db, dataDir: config.dataDir, lfsThreshold: config.lfsThreshold }), hubs });
  const display = createProgressDisplay(`Pulling ${repo}`, !options.quiet && process.stderr.isTTY && config.hf.disableProgressBars !== true);
  try {
    if (options.dryRun) {
      display.stop();
      const preview = await opened.puller.preview(spec, options.token === undefined ? {} : { token: options.token });
      print(options.json ? JSON.stringify(preview) : previewText(preview, spec.endpoint));
      return;
    }
    await runResumable(async (signal) => {
      const result = await opened.puller
        .pull(spec, { signal, ...(options.token === undefined ? {} : { token: options.token }), onProgress: showFilesProgress(display) })
        .finally(() => display.stop());
      print(options.json ? JSON.stringify(result) : pullText(result, spec.endpoint));
    });
  } finally {
    await opened.close();
    db.close();
  }
}

function previewText(preview: PullPreview, endpoint: string): string {
  if (preview.upToDate) return `${preview.repo} is up to date with ${endpoint} @ ${preview.remoteCommit}: nothing to pull`;
  const lines = [
    `Pulling ${endpoint} @ ${preview.remoteCommit} into ${preview.repo} would fetch ${preview.filesToFetch} file${preview.filesToFetch === 1 ? '' : 's'} (${formatBytes(preview.bytesToFetch)}); ` +
      `${preview.filesChanged} added or changed, ${preview.filesRemoved} removed${preview.newCommits === undefined ? '' : `, ${preview.newCommits} new commit${preview.newCommits === 1 ? '' : 's'}`}`,
  ];
  for (const file of preview.files) lines.push(`${file.fetch ? 'fetch' : 'have '}  ${file.path}  ${formatBytes(file.size)}`);
  if (preview.files.length < preview.filesChanged) lines.push(`... and ${preview.filesChanged - preview.files.length} more`);
  return lines.join('\n');
}

function pullText(result: PullResult, endpoint: string): string {
  const moved = `${result.filesTransferred} file${result.filesTransferred === 1 ? '' : 's'} (${formatBytes(result.bytesTransferred)}) fetched, ${result.filesReused} reused${result.filesFromCache > 0 ? ` (${result.filesFromCache} from the HF cache${cacheShareText(result)})` : ''}`;
  const lines = result.committed
    ? [`Pulled ${endpoint} @ ${result.remoteCommit} into ${result.repo} as ${result.localCommit}: ${moved}`]
    : [`${result.repo} is up to date with ${endpoint} @ ${result.remoteCommit} (${result.localCommit}): nothing to pull`];
  if (result.commits !== undefined && result.commits.length > 0) {
    lines.push(`${result.commits.length} remote commit${result.commits.length === 1 ? '' : 's'} mirrored:`);
    for (const commit of result.commits) lines.push(`  ${commit.remote.slice(0, 12)} -> ${commit.local.slice(0, 12)}  ${commit.title}`);
  }
  if (result.refs !== undefined) lines.push(...refsText(result.refs));
  if (result.committed && result.treeMatchesRemote) lines.push(result.commits === undefined ? 'Tree oids equal the remote\'s.' : 'Tree oids equal the remote\'s at every commit.');
  if (result.note !== undefined) lines.push(`Note: ${result.note}`);
  return lines.join('\n');
}

/** How the store holds what it took from the HF cache: the same bytes, or a copy. */
function cacheShareText(result: PullResult): string {
  if (result.cacheShare === undefined) return '';
  return result.cacheShare === 'copy' ? ', copied: another file system' : `, shared by ${result.cacheShare === 'hardlink' ? 'read-only hard link' : 'reflink'}`;
}

function refsText(refs: RefsOutcome): string[] {
  const lines = refs.branches.map((branch) => `branch ${branch.name}: ${branch.committed ? `${branch.commits} commit${branch.commits === 1 ? '' : 's'}, now` : 'up to date at'} ${branch.localCommit.slice(0, 12)}`);
  const tagWords = { created: 'created on', unchanged: 'already on', kept: 'kept (the local tag points elsewhere) on', unmapped: 'skipped: its commit was not pulled (use --history)' } as const;
  for (const tag of refs.tags) lines.push(`tag ${tag.name}: ${tagWords[tag.status]}${tag.localCommit === null || tag.status === 'unmapped' ? '' : ` ${tag.localCommit.slice(0, 12)}`}`);
  for (const name of refs.remoteDeletedBranches) lines.push(`branch ${name}: deleted on the remote, kept here`);
  return lines;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
