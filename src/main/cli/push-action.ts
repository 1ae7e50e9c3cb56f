// The action of `hubkeeper push` (see sync-command.ts).
import { join } from 'node:path';
import type { PushPreview } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import type { RepoType } from '../../shared/repo-id.js';
import { DATABASE_FILE, openDatabase } from '../db/index.js';
import { createStore } from '../store/index.js';
import { openPusher, parsePushSpec, remoteEndpoint, type PushResult } from '../sync/index.js';
import { createProgressDisplay, showFilesProgress } from './progress-bars.js';
import { runResumable } from './resumable-run.js';
import { configOf, registryOf, type CommonOptions } from './sync-actions.js';

interface PushOptions extends CommonOptions {
  readonly to: string;
  readonly token?: string;
  readonly repoType: RepoType;
  readonly revision?: string;
  readonly as?: string;
  readonly create?: boolean;
  readonly private?: boolean;
  readonly force?: boolean;
  readonly quiet?: boolean;
  readonly dryRun?: boolean;
}

export async function push(repo: string, options: PushOptions): Promise<void> {
  if (options.private && !options.create) throw new AppError('BadRequest', '--private goes with --create: it says how to create the remote repo');
  const config = configOf(options);
  const hubs = registryOf(config);
  const spec = parsePushSpec({
    repo,
    endpoint: remoteEndpoint(hubs, options.to),
    repoType: options.repoType,
    ...(options.revision === undefined ? {} : { revision: options.revision }),
    ...(options.as === undefined ? {} : { as: options.as }),
    create: options.create === true,
    private: options.private === true,
    force: options.force === true,
  });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const opened = openPusher({ config, db, store: createStore({ db, dataDir: config.dataDir, lfsThreshold: config.lfsThreshold }), hubs });
  const display = createProgressDisplay(`Pushing ${repo}`, !options.quiet && process.stderr.isTTY && config.hf.disableProgressBars !== true);
  try {
    if (options.dryRun) {
      display.stop();
      const preview = await opened.pusher.preview(spec, options.token === undefined ? {} : { token: options.token });
      process.stdout.write(`${options.json ? JSON.stringify(preview) : previewText(preview)}\n`);
      return;
    }
    await runResumable(async (signal) => {
      const result = await opened.pusher
        .push(spec, { signal, ...(options.token === undefined ? {} : { token: options.token }), onProgress: showFilesProgress(display) })
        .finally(() => display.stop());
      process.stdout.write(`${options.json ? JSON.stringify(result) : pushText(result)}\n`);
    });
  } finally {
    await opened.close();
    db.close();
  }
}

function pushText(result: PushResult): string {
  const where = `${result.endpoint} ${result.remoteRepo}@${result.branch}`;
  if (!result.committed) return `${where} already has the tree of ${result.repo} @ ${result.localCommit} (${result.remoteCommit}): nothing to push`;
  const moved = `${result.filesTransferred} file${result.filesTransferred === 1 ? '' : 's'} (${formatBytes(result.bytesTransferred)}) sent, ${result.filesDeleted} deleted`;
  const lines = [`${result.created ? 'Created and pushed' : 'Pushed'} ${result.repo} @ ${result.localCommit} to ${where} as ${result.remoteCommit}: ${moved}`];
  if (result.forced) lines.push('Forced: the remote had moved since the last sync; its tree is now the local one.');
  if (result.treeMatchesRemote) lines.push('Tree oids equal the local ones.');
  return lines.join('\n');
}

function previewText(preview: PushPreview): string {
  const where = `${preview.endpoint} ${preview.remoteRepo}@${preview.branch}`;
  if (preview.upToDate) return `${where} already has the tree of ${preview.repo} @ ${preview.localCommit} (${preview.remoteCommit ?? ''}): nothing to push`;
  const lines = [
    `Pushing ${preview.repo} @ ${preview.localCommit} to ${where} would send ${preview.filesToSend} file${preview.filesToSend === 1 ? '' : 's'} (${formatBytes(preview.bytesToSend)}) ` +
      `and delete ${preview.filesToDelete}${preview.remoteExists ? '' : ' (the remote repo does not exist: add --create)'}`,
  ];
  for (const file of preview.files) lines.push(`send    ${file.path}  ${formatBytes(file.size)}${file.lfs ? '  (LFS: not sent if the remote has it)' : ''}`);
  for (const path of preview.deleted) lines.push(`delete  ${path}`);
  if (preview.divergence !== null) lines.push(`Would be refused: ${preview.divergence}`);
  return lines.join('\n');
}
