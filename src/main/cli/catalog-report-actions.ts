// The actions of `hubkeeper stats`, `duplicates`, `similar` and `track export` (see catalog-command.ts).
import { once } from 'node:events';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { DEFAULT_DUPLICATES_LIMIT, type CatalogFile, type DuplicateContent, type ExtensionStats, type RepoStats, type Similarity, type StructureStats, type TrackedRepo } from '../catalog/index.js';
import { loadConfig } from '../config.js';
import { fileJson, print, selectorOf, withCatalog, type CommonOptions, type NarrowingOptions } from './catalog-actions.js';
import { renderTable } from './cli-format.js';

interface SimilarOptions extends NarrowingOptions {
  readonly with?: string;
}

export async function stats(repo: string | undefined, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    if (repo !== undefined) {
      const repos = catalog.repoStats(selectorOf(repo, options));
      if (options.json) print(JSON.stringify(repos.map(repoStatsJson), null, 2));
      else print(repos.map((one) => `${one.repo.repo}@${one.repo.revision} (${one.commit})\n${structureText(one)}`).join('\n\n'));
      return;
    }
    const all = catalog.stats();
    if (options.json) {
      const overall = { scope: 'all', trackedRepos: all.trackedRepos, reposWithStructures: all.reposWithStructures, structures: all.structures, ...structureJson(all) };
      const repos = all.repos.map((one) => ({ scope: 'repo', ...repoJson(one.repo), commit: one.commit, files: one.files, size: one.totalSize }));
      print(JSON.stringify([overall, ...repos], null, 2));
      return;
    }
    const rows = all.repos.map((one) => [one.repo.repo, one.repo.repoType, one.repo.revision, String(one.files), formatBytes(one.totalSize)]);
    print(`${all.trackedRepos} tracked repos, ${all.reposWithStructures} with a structure (${all.structures} commits)\n${structureText(all)}`);
    if (rows.length > 0) print(`\n${renderTable(['REPO', 'TYPE', 'REVISION', 'FILES', 'SIZE'], rows, new Set([3, 4]))}`);
  });
}

interface DuplicatesOptions extends CommonOptions {
  readonly hash?: string;
  readonly limit?: string;
  readonly offset?: string;
  readonly places?: string;
}

export async function duplicates(options: DuplicatesOptions): Promise<void> {
  const limit = wholeNumber('--limit', options.limit, DEFAULT_DUPLICATES_LIMIT, 1);
  const offset = wholeNumber('--offset', options.offset, 0, 0);
  const shown = wholeNumber('--places', options.places, 3, 0);
  await withCatalog(options, (catalog) => {
    if (options.hash !== undefined) {
      const places = catalog.duplicatePlaces(options.hash, { limit, offset });
      if (options.json) print(JSON.stringify(places.map(placeJson), null, 2));
      else if (places.length === 0) print(`No tracked file holds ${options.hash}${offset > 0 ? ` past the first ${offset}` : ''}.`);
      else print(renderTable(['REPO', 'SOURCE', 'COMMIT', 'PATH', 'SIZE'], places.map((file) => [`${file.repo}@${file.revision}`, file.source, file.commit.slice(0, 12), file.path, formatBytes(file.size)]), new Set([4])));
      return;
    }
    const report = catalog.duplicates({ limit, offset });
    const listed = report.contents.map((content) => ({ content, places: shown === 0 ? [] : catalog.duplicatePlaces(content.sha256 ?? content.oid, { limit: shown }) }));
    if (options.json) {
      print(JSON.stringify(listed.map(({ content, places }) => duplicateJson(content, places)), null, 2));
      return;
    }
    if (report.count === 0) {
      print('No content is held by more than one tracked repo or revision.');
      return;
    }
    const rows = listed.map(({ content, places }) => [
      (content.sha256 ?? content.oid).slice(0, 12), formatBytes(content.size), String(content.placeCount), String(content.copiesOnDisk),
      formatBytes(content.wastedBytes), formatBytes(content.reusableBytes),
      [...places.map((file) => `${file.repo}@${file.revision}:${file.path}`), ...(content.placeCount > places.length ? [`${content.placeCount - places.length} more`] : [])].join(', '),
    ]);
    if (rows.length > 0) print(renderTable(['CONTENT', 'SIZE', 'PLACES', 'ON DISK', 'WASTED', 'REUSABLE', 'HELD BY'], rows, new Set([1, 2, 3, 4, 5])));
    const range = rows.length === report.count ? '' : `; listed ${rows.length === 0 ? 'none' : `${offset + 1}-${offset + rows.length}`} (--limit, --offset for others, --hash for all places of one)`;
    print(`\n${report.count} contents held more than once: ${formatBytes(report.wastedBytes)} wasted on disk, ${formatBytes(report.reusableBytes)} a download can reuse${range}`);
  });
}

/** A whole number option at least `min`, or the default when not given. */
function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) throw new AppError('BadRequest', `${flag} must be a whole number of at least ${min} (got "${value}")`);
  return parsed;
}

export async function similar(repo: string, options: SimilarOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    const found = catalog.similar(selectorOf(repo, options), options.with === undefined ? undefined : { repo: options.with });
    if (options.json) {
      print(JSON.stringify(found.map(similarityJson), null, 2));
      return;
    }
    if (found.length === 0) {
      print(`No tracked repo shares content or paths with ${repo}.`);
      return;
    }
    const rows = found.map((one) => [one.repo.repo, one.repo.repoType, one.commit.slice(0, 12), formatBytes(one.sharedSize), String(one.sharedContents), String(one.sharedPaths), String(one.identicalFiles)]);
    print(renderTable(['REPO', 'TYPE', 'COMMIT', 'SHARED BYTES', 'SHARED CONTENTS', 'SHARED PATHS', 'IDENTICAL FILES'], rows, new Set([3, 4, 5, 6])));
  });
}

/** Writes the export to stdout piece by piece, waiting whenever the pipe is full. */
export async function trackExport(repo: string, options: NarrowingOptions): Promise<void> {
  const config = loadConfig(undefined, options.data === undefined ? {} : { dataDir: options.data });
  const localHub = `http://${config.host}:${config.port}`;
  await withCatalog(options, async (catalog, defaultEndpoint) => {
    const endpointOf = (tracked: TrackedRepo): string => (tracked.source === 'remote' ? tracked.endpoint : tracked.source === 'hub' ? localHub : defaultEndpoint);
    const pieces = catalog.exportStructure(selectorOf(repo, { ...options, revision: undefined }), options.revision, endpointOf);
    for (const piece of pieces) {
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
    }
  });
}

function repoJson(repo: TrackedRepo) {
  return { repo: repo.repo, repoType: repo.repoType, endpoint: repo.endpoint, revision: repo.revision };
}

function structureJson(stats: StructureStats) {
  return {
    files: stats.files, size: stats.totalSize, lfsFiles: stats.lfsFiles, lfsSize: stats.lfsSize,
    largest: stats.largest.map(fileJson), byExtension: stats.byExtension.map((ext) => ({ ext: ext.ext, files: ext.files, size: ext.size })),
  };
}

function repoStatsJson(stats: RepoStats) {
  return { scope: 'repo', ...repoJson(stats.repo), commit: stats.commit, ...structureJson(stats) };
}

/** A duplicated content: its first place's repo, revision and path at the top (for scripts reading every object alike), its totals, the places shown. */
function duplicateJson(content: DuplicateContent, places: readonly CatalogFile[]) {
  const first = places[0];
  return {
    ...(first === undefined ? {} : { repo: first.repo, repoType: first.repoType, endpoint: first.endpoint, revision: first.revision, commit: first.commit, path: first.path }),
    sha256: content.sha256, oid: content.oid, size: content.size, placeCount: content.placeCount, copiesOnDisk: content.copiesOnDisk, wastedBytes: content.wastedBytes,
    reusableBytes: content.reusableBytes, onDisk: content.onDisk, repos: content.repos.map(repoJson), places: places.map(placeJson),
  };
}

function placeJson(file: CatalogFile) {
  return { ...fileJson(file), source: file.source };
}

function similarityJson(one: Similarity) {
  return { ...repoJson(one.repo), commit: one.commit, sharedSize: one.sharedSize, sharedContents: one.sharedContents, sharedPaths: one.sharedPaths, identicalFiles: one.identicalFiles };
}

function structureText(stats: StructureStats): string {
  const share = (part: number, whole: number): string => (whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`);
  const lines = [
    `${stats.files} files, ${formatBytes(stats.totalSize)}; LFS: ${stats.lfsFiles} files (${share(stats.lfsFiles, stats.files)}), ${formatBytes(stats.lfsSize)} (${share(stats.lfsSize, stats.totalSize)})`,
  ];
  if (stats.largest.length > 0) {
    lines.push('', renderTable(['LARGEST', 'REPO', 'SIZE'], stats.largest.map((file) => [file.path, `${file.repo}@${file.revision}`, formatBytes(file.size)]), new Set([2])));
  }
  if (stats.byExtension.length > 0) {
    const rows = stats.byExtension.slice(0, 20).map((ext: ExtensionStats) => [ext.ext === null ? '(none)' : `.${ext.ext}`, String(ext.files), formatBytes(ext.size)]);
    lines.push('', renderTable(['EXTENSION', 'FILES', 'SIZE'], rows, new Set([1, 2])));
  }
  return lines.join('\n');
}
