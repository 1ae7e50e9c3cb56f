// The actions of `hubkeeper outdated` and `hubkeeper track refresh --cache` (see catalog-command.ts).
import { formatBytes } from '../../shared/format-bytes.js';
import type { OutdatedReport, OutdatedSnapshot } from '../catalog/index.js';
import { fail, print, withCatalog } from './catalog-actions.js';

interface CacheOptions {
  readonly data?: string;
  readonly json?: boolean;
  readonly cacheDir?: string;
}

interface OutdatedOptions extends CacheOptions {
  readonly endpoint?: string;
  readonly token?: string;
}

/** Lists the cached refs behind upstream with what changed; a ref that could not be checked is a line on stderr and exit code 1. */
export async function outdated(options: OutdatedOptions): Promise<void> {
  await withCatalog(options, async (catalog, defaultEndpoint, cacheDir) => {
    const report = await catalog.outdated({ cacheDir, endpoint: options.endpoint ?? defaultEndpoint, ...(options.token === undefined ? {} : { token: options.token }) });
    if (options.json) print(JSON.stringify(report.outdated.map(outdatedJson), null, 2));
    else print(outdatedText(report));
    for (const failure of report.failures) {
      const prefix = failure.repoType === 'model' ? '' : `${failure.repoType}s/`;
      fail(`could not check ${prefix}${failure.repo}@${failure.ref}: ${failure.error}`);
    }
  });
}

/** `track refresh --cache`: indexes every repo of the HF cache (no network). */
export async function refreshCache(repo: string | undefined, options: CacheOptions): Promise<void> {
  if (repo !== undefined) {
    fail('track refresh --cache indexes the whole cache: give no repo');
    return;
  }
  await withCatalog(options, async (catalog, _endpoint, cacheDir) => {
    const report = await catalog.indexCache(cacheDir);
    if (options.json) print(JSON.stringify([{ cacheDir: report.cacheDir, repos: report.repos, revisions: report.revisions, indexed: report.indexed, dropped: report.dropped }], null, 2));
    else print(`${report.repos} repos, ${report.revisions} snapshots in the HF cache ${report.cacheDir}: ${report.indexed} indexed now, ${report.dropped} gone`);
  });
}

function outdatedText(report: OutdatedReport): string {
  if (report.outdated.length === 0) {
    return `All ${report.checked - report.failures.length} cached refs checked are up to date with ${report.endpoint} (HF cache ${report.cacheDir})`;
  }
  const lines: string[] = [];
  for (const snapshot of report.outdated) {
    const prefix = snapshot.repoType === 'model' ? '' : `${snapshot.repoType}s/`;
    lines.push(
      `${prefix}${snapshot.repo}@${snapshot.ref}: ${snapshot.cachedCommit.slice(0, 12)} -> ${snapshot.upstreamCommit.slice(0, 12)}, ` +
        `${snapshot.added.length} added, ${snapshot.removed.length} removed, ${snapshot.modified.length} modified, ${snapshot.renamed.length} renamed; ` +
        `an update downloads ${formatBytes(snapshot.downloadBytes)}`,
    );
    for (const file of snapshot.added) lines.push(`  A  ${file.path}  ${formatBytes(file.size)}`);
    for (const file of snapshot.removed) lines.push(`  D  ${file.path}`);
    for (const file of snapshot.modified) lines.push(`  M  ${file.path}  ${formatBytes(file.old.size)} -> ${formatBytes(file.new.size)}`);
    for (const file of snapshot.renamed) lines.push(`  R  ${file.from.path} -> ${file.to.path}`);
  }
  lines.push(`${report.outdated.length} of ${report.checked} cached refs are behind ${report.endpoint}`);
  return lines.join('\n');
}

function outdatedJson(snapshot: OutdatedSnapshot) {
  const change = (kind: string, file: { path: string; size: number; oid: string; sha256: string | null }) => ({ change: kind, path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 });
  return {
    repo: snapshot.repo, repoType: snapshot.repoType, revision: snapshot.ref, commit: snapshot.upstreamCommit, cachedCommit: snapshot.cachedCommit,
    endpoint: snapshot.endpoint, cacheDir: snapshot.cacheDir, added: snapshot.added.length, removed: snapshot.removed.length,
    modified: snapshot.modified.length, renamed: snapshot.renamed.length, size: snapshot.downloadBytes, downloadBytes: snapshot.downloadBytes,
    changes: [
      ...snapshot.added.map((file) => change('added', file)),
      ...snapshot.removed.map((file) => change('removed', file)),
      ...snapshot.modified.map((file) => ({ ...change('modified', file.new), oldSize: file.old.size, oldOid: file.old.oid, oldSha256: file.old.sha256 })),
      ...snapshot.renamed.map((file) => ({ ...change('renamed', file.to), oldPath: file.from.path })),
    ],
  };
}
