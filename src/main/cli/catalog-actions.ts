// The actions of `hubkeeper track ...`, `find` and `diff` (see catalog-command.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../../shared/format-bytes.js';
import type { RepoType } from '../../shared/repo-id.js';
import { AppError } from '../../shared/errors.js';
import {
  ALL_REFS, Catalog, createCatalogClient, describeTracked, formatEvery, nextRefreshAt, parseEvery, parseFactsFilter, parseFindQuery, type CatalogFile, type FactsFilterOptions,
  type FindOptions, type ModelFacts, type RefreshProgress, type RefreshResult, type RepoSelector, type RevisionDiff, type TrackedRepo, type TrackedRepoFacts,
} from '../catalog/index.js';
import { loadConfig } from '../config.js';
import { HubRegistry, endpointTokens } from '../credentials/index.js';
import { DATABASE_FILE, openDatabase } from '../db/index.js';
import { createStore } from '../store/index.js';
import { formatAgo, formatIn, parseSize, renderTable } from './cli-format.js';
import { formatParameters as formatParameterCount } from '../../shared/format-parameters.js';

export interface CommonOptions {
  readonly data?: string;
  readonly json?: boolean;
}

export interface NarrowingOptions extends CommonOptions {
  readonly endpoint?: string;
  readonly repoType?: RepoType;
  readonly revision?: string;
}

interface AddOptions extends CommonOptions {
  readonly endpoint?: string;
  readonly repoType: RepoType;
  readonly revision?: string;
  readonly allRefs?: boolean;
  readonly every?: string;
  readonly token?: string;
}

/** Runs with a catalog on the data dir's database; `run` also gets the default hub and the HF cache folder (--cache-dir wins). */
export async function withCatalog<T>(
  options: CommonOptions & { readonly cacheDir?: string },
  run: (catalog: Catalog, defaultEndpoint: string, cacheDir: string) => Promise<T> | T,
): Promise<T> {
  const config = loadConfig(undefined, { ...(options.data === undefined ? {} : { dataDir: options.data }), ...(options.cacheDir === undefined ? {} : { hubCache: options.cacheDir }) });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const client = createCatalogClient(config.hf);
  const hubs = new HubRegistry(config.dataDir, [{ id: 'hf', name: 'Hugging Face', endpoint: config.hf.endpoint, token: undefined }]);
  try {
    const store = createStore({ db, dataDir: config.dataDir });
    return await run(new Catalog({ db, client, tokens: endpointTokens(config.hf, hubs), store }), config.hf.endpoint, config.hf.hubCache);
  } finally {
    await client.close();
    db.close();
  }
}

/** Tracks a repo and fetches its structure; when that fails, nothing stays tracked. */
export async function trackAdd(repo: string, options: AddOptions): Promise<void> {
  if (options.allRefs && options.revision !== undefined) throw new AppError('BadRequest', 'Give --revision or --all-refs, not both');
  const revision = options.allRefs ? ALL_REFS : (options.revision ?? 'main');
  const everyMs = options.every === undefined ? undefined : parseEvery(options.every);
  await withCatalog(options, async (catalog, defaultEndpoint) => {
    const tracked = catalog.track({ endpoint: options.endpoint ?? defaultEndpoint, repoType: options.repoType, repo, revision, ...(everyMs === undefined ? {} : { everyMs }) });
    const selector = { repo, endpoint: tracked.endpoint, repoType: tracked.repoType, revision: tracked.revision };
    const [result] = await catalog.refresh(selector, options.token === undefined ? {} : { token: options.token });
    if (result === undefined || result.status === 'failed') {
      catalog.untrack(selector);
      fail(result?.error ?? `${describeTracked(tracked)} could not be refreshed`);
      return;
    }
    if (options.json) print(JSON.stringify([trackedJson(result.repo)], null, 2));
    else print(`Tracking ${describeTracked(result.repo)}: ${refsNote(result.repo)}${filesAndSize(result.repo)} at ${result.repo.commit ?? ''}`);
  });
}

interface FactsFilterCliOptions extends Omit<FactsFilterOptions, 'fitsBytes'> {
  readonly fits?: string;
}

export async function trackList(options: CommonOptions & FactsFilterCliOptions): Promise<void> {
  const filter = parseFactsFilter({ ...options, fitsBytes: options.fits === undefined ? undefined : parseSize(options.fits, '--fits') });
  await withCatalog(options, async (catalog) => {
    if (filter !== undefined || options.json) {
      // Hub and cache revisions indexed since the server last ran get their facts now (from this disk).
      await catalog.readLocalFacts();
      const rows = catalog.listFacts(filter);
      if (options.json) print(JSON.stringify(rows.map((row) => ({ ...trackedJson(row.repo), facts: row.facts })), null, 2));
      else if (rows.length === 0) process.stderr.write('hubkeeper: no tracked repo matches\n');
      else print(factsTable(rows));
      return;
    }
    const repos = catalog.list();
    if (options.json) {
      print(JSON.stringify(repos.map(trackedJson), null, 2));
      return;
    }
    if (repos.length === 0) {
      print('No tracked repos. Add one with: hubkeeper track add REPO --endpoint URL');
      return;
    }
    const now = Date.now();
    const rows = repos.map((repo) => [
      repo.repo, repo.repoType, repo.revision, repo.commit?.slice(0, 12) ?? '-', repo.files === null ? '-' : String(repo.files),
      repo.totalSize === null ? '-' : formatBytes(repo.totalSize), repo.checkedAt === null ? 'never' : formatAgo(repo.checkedAt, now), repo.endpoint,
      nextLabel(repo, now), repo.error === null ? '' : `failed ${formatAgo(repo.errorAt ?? now, now)}`,
    ]);
    print(renderTable(['REPO', 'TYPE', 'REVISION', 'COMMIT', 'FILES', 'SIZE', 'CHECKED', 'HUB', 'NEXT', 'LAST REFRESH'], rows, new Set([4, 5])));
  });
}

export async function trackRemove(repo: string, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    for (const removed of catalog.untrack(selectorOf(repo, options))) print(`No longer tracking ${describeTracked(removed)}`);
  });
}

/** Refreshes tracked repos; any failure is one line on stderr and exit code 1 (the last good structure stays). */
export async function trackRefresh(repo: string | undefined, options: NarrowingOptions & { readonly token?: string }): Promise<void> {
  await withCatalog(options, async (catalog) => {
    const progress = progressLine(process.stderr);
    const results = await catalog.refresh(repo === undefined ? undefined : selectorOf(repo, options), {
      ...(options.token === undefined ? {} : { token: options.token }),
      onProgress: progress.update,
    });
    progress.end();
    if (results.length === 0 && !options.json) print('No tracked repos. Add one with: hubkeeper track add REPO --endpoint URL');
    if (options.json) print(JSON.stringify(results.map((result) => ({ ...trackedJson(result.repo), status: result.status, error: result.error })), null, 2));
    for (const result of results) {
      if (result.status === 'failed') fail(`${result.error ?? 'refresh failed'} (the structure of the last good refresh is kept)`);
      else if (!options.json) print(refreshLine(result));
    }
  });
}

export async function find(options: CommonOptions & FindOptions): Promise<void> {
  const query = parseFindQuery(options);
  await withCatalog(options, (catalog) => {
    const located = query.kind === 'hash' ? catalog.whereIs(query.hash) : undefined;
    const files = located?.files ?? catalog.find(query);
    if (options.json) {
      print(JSON.stringify(files.map((file) => (located === undefined ? fileJson(file) : { ...fileJson(file), onDisk: located.onDisk })), null, 2));
      return;
    }
    if (located !== undefined) print(`On this disk: hub store ${located.onDisk.hub ? 'yes' : 'no'}, Hugging Face cache ${located.onDisk.cache ? 'yes' : 'no'}`);
    if (files.length === 0) {
      process.stderr.write('hubkeeper: no tracked file matches\n');
      return;
    }
    // SOURCE: a remote hub's tracked repo, the local hub, or the HF cache.
    const rows = files.map((file) => [`${file.repo}@${file.revision}`, file.source, file.path, formatBytes(file.size), file.oid.slice(0, 12), file.sha256?.slice(0, 12) ?? '']);
    print(renderTable(['REPO', 'SOURCE', 'PATH', 'SIZE', 'OID', 'SHA256'], rows, new Set([3])));
  });
}

export async function facts(repo: string, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, async (catalog) => {
    await catalog.readLocalFacts();
    const rows = catalog.facts(selectorOf(repo, options));
    if (options.json) print(JSON.stringify(rows.map((row) => ({ ...trackedJson(row.repo), facts: row.facts })), null, 2));
    else print(rows.map(factsText).join('\n\n'));
  });
}

export async function diff(repo: string, from: string, to: string, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    const changes = catalog.diff(selectorOf(repo, options), from, to);
    if (options.json) print(JSON.stringify(diffJson(changes), null, 2));
    else print(diffText(changes));
  });
}

export function selectorOf(repo: string, options: NarrowingOptions): RepoSelector {
  return { repo, endpoint: options.endpoint, repoType: options.repoType, revision: options.revision };
}

function trackedJson(repo: TrackedRepo) {
  return {
    repo: repo.repo, repoType: repo.repoType, source: repo.source, endpoint: repo.endpoint, revision: repo.revision, commit: repo.commit, files: repo.files, size: repo.totalSize,
    refs: repo.refs.map((ref) => ({ ref: ref.ref, commit: ref.commit, files: ref.files, size: ref.totalSize })),
    every: formatEvery(repo.everyMs), nextRefreshAt: isoOrNull(nextRefreshAt(repo)),
    checkedAt: isoOrNull(repo.checkedAt), error: repo.error, errorAt: isoOrNull(repo.errorAt),
  };
}

/** When the server's scheduler refreshes a repo next: "in 5 hours", "due", "on demand". */
function nextLabel(repo: TrackedRepo, now: number): string {
  const next = nextRefreshAt(repo);
  return next === null ? 'on demand' : formatIn(next, now);
}

/** "3 refs; main: " before the files of a repo tracked with all refs. */
function refsNote(repo: TrackedRepo): string {
  if (repo.revision !== ALL_REFS) return '';
  const shown = repo.refs.find((ref) => ref.commit === repo.commit)?.ref;
  return `${repo.refs.length} ref${repo.refs.length === 1 ? '' : 's'}${shown === undefined ? '' : `; ${shown}: `}`;
}

/** "Refreshing: 3/10 repos, 12345 files listed", rewritten in place on a terminal; nothing otherwise. */
function progressLine(stream: NodeJS.WriteStream): { update: (progress: RefreshProgress) => void; end: () => void } {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let shown = false;
  return {
    update: ({ reposDone, reposTotal, filesListed }) => {
      stream.write(`\r\x1b[KRefreshing: ${reposDone}/${reposTotal} repos, ${filesListed} files listed`);
      shown = true;
    },
    end: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

export function fileJson(file: CatalogFile) {
  return { repo: file.repo, repoType: file.repoType, endpoint: file.endpoint, revision: file.revision, commit: file.commit, path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 };
}

function diffJson(changes: RevisionDiff) {
  const base = { repo: changes.repo.repo, repoType: changes.repo.repoType, endpoint: changes.repo.endpoint, revision: changes.repo.revision, commit: changes.newCommit, oldCommit: changes.oldCommit };
  return [
    ...changes.added.map((file) => ({ ...base, change: 'added', path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 })),
    ...changes.removed.map((file) => ({ ...base, change: 'removed', path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 })),
    ...changes.modified.map((file) => ({
      ...base, change: 'modified', path: file.path, size: file.new.size, oid: file.new.oid, sha256: file.new.sha256,
      oldSize: file.old.size, oldOid: file.old.oid, oldSha256: file.old.sha256,
    })),
    ...changes.renamed.map((file) => ({ ...base, change: 'renamed', path: file.to.path, oldPath: file.from.path, size: file.to.size, oid: file.to.oid, sha256: file.to.sha256 })),
  ];
}

function diffText(changes: RevisionDiff): string {
  const lines = [`${describeTracked(changes.repo)}: ${changes.oldCommit} -> ${changes.newCommit}`];
  for (const file of changes.added) lines.push(`A  ${file.path}  ${formatBytes(file.size)}`);
  for (const file of changes.removed) lines.push(`D  ${file.path}  ${formatBytes(file.size)}`);
  for (const file of changes.modified) lines.push(`M  ${file.path}  ${formatBytes(file.old.size)} -> ${formatBytes(file.new.size)}`);
  for (const file of changes.renamed) lines.push(`R  ${file.from.path} -> ${file.to.path}`);
  if (lines.length === 1) lines.push('No changes.');
  return lines.join('\n');
}

function refreshLine(result: RefreshResult): string {
  const commit = result.repo.commit ?? '';
  return result.status === 'unchanged'
    ? `${describeTracked(result.repo)}: unchanged at ${commit}`
    : `${describeTracked(result.repo)}: ${refsNote(result.repo)}now at ${commit}, ${filesAndSize(result.repo)}`;
}

function filesAndSize(repo: TrackedRepo): string {
  return `${repo.files ?? 0} files, ${formatBytes(repo.totalSize ?? 0)}`;
}

function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

export function fail(line: string): void {
  process.stderr.write(`hubkeeper: ${line}\n`);
  process.exitCode = 1;
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function factsTable(rows: readonly TrackedRepoFacts[]): string {
  const cells = rows.map(({ repo, facts }) => [
    `${repo.repo}@${repo.revision}`, facts?.architectures.join(',') || '-', facts?.modelType ?? '-', formatParameters(facts?.parameters ?? null),
    facts?.dtype ?? '-', facts?.quantisation.join(',') || '-', facts?.formats.join(',') || '-', facts?.bytesToLoad == null ? '-' : formatBytes(facts.bytesToLoad), facts?.license ?? '-',
  ]);
  return renderTable(['REPO', 'ARCHITECTURE', 'TYPE', 'PARAMS', 'DTYPE', 'QUANT', 'FORMATS', 'LOAD', 'LICENSE'], cells, new Set([3, 7]));
}

function factsText({ repo, facts }: TrackedRepoFacts): string {
  const title = `${describeTracked(repo)} at ${repo.commit ?? '-'}`;
  if (facts === null) return `${title}\nNo model facts yet: run hubkeeper track refresh ${repo.repo}`;
  const list = (values: readonly string[]): string => (values.length === 0 ? '-' : values.join(', '));
  const number = (value: number | null): string => (value === null ? '-' : String(value));
  const lines = [
    title,
    `architecture  ${list(facts.architectures)}`, `model type    ${facts.modelType ?? '-'}`, `parameters    ${formatParameters(facts.parameters)}`,
    `dtype         ${facts.dtype ?? '-'} (${list(facts.dtypes)})`, `quantisation  ${list(facts.quantisation)}`, `formats       ${list(facts.formats)}`,
    `bytes to load ${facts.bytesToLoad === null ? '-' : formatBytes(facts.bytesToLoad)}`, `context       ${number(facts.contextLength)}`,
    `layers/heads  ${number(facts.layers)} / ${number(facts.heads)}, hidden ${number(facts.hiddenSize)}, vocab ${number(facts.vocabSize)}`,
    `license       ${facts.license ?? '-'}`, `library       ${facts.library ?? '-'}`, `pipeline      ${facts.pipelineTag ?? '-'}`,
    `base model    ${list(facts.baseModel)}`, `datasets      ${list(facts.datasets)}`, `tags          ${list(facts.tags)}`,
  ];
  if (facts.weights.length > 0) {
    lines.push(renderTable(['WEIGHTS', 'FORMAT', 'SIZE', 'TENSORS', 'PARAMS', 'TYPE'], facts.weights.map((file) => [
      file.path, file.format, formatBytes(file.size), number(file.tensors), formatParameters(file.parameters), file.fileType ?? Object.keys(file.dtypes).join(','),
    ]), new Set([2, 3, 4])));
  }
  for (const problem of facts.problems) lines.push(`not read: ${problem}`);
  return lines.join('\n');
}

function formatParameters(parameters: ModelFacts['parameters']): string {
  return parameters === null ? '-' : formatParameterCount(parameters);
}
