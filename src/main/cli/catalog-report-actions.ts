// The actions of `hubkeeper stats`, `duplicates`, `similar` and `track export` (see catalog-command.ts).
import { once } from 'node:events';
import { formatBytes } from '../../shared/format-bytes.js';
import type { CatalogFile, DuplicateContent, ExtensionStats, RepoStats, Similarity, StructureStats, TrackedRepo } from '../catalog/index.js';
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

export async function duplicates(options: CommonOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    const report = catalog.duplicates();
    if (options.json) {
      print(JSON.stringify(report.contents.map(duplicateJson), null, 2));
      return;
    }
    if (report.contents.length === 0) {
      print('No content is held by more than one tracked repo or revision.');
      return;
    }
    const rows = report.contents.map((content) => [
      (content.sha256 ?? content.oid).slice(0, 12), formatBytes(content.size), String(content.places.length), String(content.copiesOnDisk),
      formatBytes(content.wastedBytes), formatBytes(content.reusableBytes), content.places.map((file) => `${file.repo}@${file.revision}:${file.path}`).join(', '),
    ]);
    print(renderTable(['CONTENT', 'SIZE', 'PLACES', 'ON DISK', 'WASTED', 'REUSABLE', 'HELD BY'], rows, new Set([1, 2, 3, 4, 5])));
    print(`\n${report.contents.length} contents held more than once: ${formatBytes(report.wastedBytes)} wasted on disk, ${formatBytes(report.reusableBytes)} a download can reuse`);
  });
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

function duplicateJson(content: DuplicateContent) {
  return {
    sha256: content.sha256, oid: content.oid, size: content.size, copiesOnDisk: content.copiesOnDisk, wastedBytes: content.wastedBytes, reusableBytes: content.reusableBytes,
    onDisk: content.onDisk, places: content.places.map((file: CatalogFile) => ({ ...fileJson(file), source: file.source })),
  };
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
