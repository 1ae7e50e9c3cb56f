// The action of `hubkeeper import` (see program.ts).
import { join, resolve } from 'node:path';
import { formatBytes } from '../../shared/format-bytes.js';
import type { FolderImportResult } from '../../shared/model-folders.js';
import { parseRepoId, type RepoType } from '../../shared/repo-id.js';
import { DATABASE_FILE, openDatabase } from '../db/index.js';
import { createStore } from '../store/index.js';
import { describeDiff, importFolder } from '../watch/index.js';
import { runResumable } from './resumable-run.js';
import { configOf, type CommonOptions } from './sync-actions.js';

interface ImportOptions extends CommonOptions {
  readonly as: string;
  readonly repoType: RepoType;
  readonly message?: string;
  readonly dryRun?: boolean;
}

/** Who the CLI's imports are by: the command has no signed-in user. */
const IMPORT_AUTHOR = { name: 'HubKeeper import', email: 'import@hubkeeper.invalid' };

export async function importCommand(folder: string, options: ImportOptions): Promise<void> {
  // Checked before the data directory is opened: a bad id writes nothing.
  const repo = parseRepoId(options.as, options.repoType);
  const config = configOf(options);
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  try {
    const store = createStore({ db, dataDir: config.dataDir, lfsThreshold: config.lfsThreshold });
    await runResumable(async (signal) => {
      const result = await importFolder(store, {
        folder: resolve(folder), repo, author: IMPORT_AUTHOR, signal,
        ...(options.message === undefined ? {} : { message: options.message }),
        ...(options.dryRun === true ? { dryRun: true } : {}),
      });
      process.stdout.write(`${options.json ? JSON.stringify(result) : importText(result)}\n`);
    });
  } finally {
    db.close();
  }
}

function importText(result: FolderImportResult): string {
  const where = `${result.repoType} ${result.repo}`;
  const heading = result.dryRun
    ? `Would import ${result.folder} into ${where}${result.parent === null ? ' (a new repo)' : ` on top of ${result.parent}`}:`
    : result.commit === null
      ? `${result.folder} has no change since the last import into ${where} (${result.parent ?? ''}): nothing to commit`
      : `${result.created ? 'Created' : 'Updated'} ${where} @ ${result.commit} from ${result.folder}:`;
  const files = [
    ...result.diff.added.map((file) => `  + ${file.path} (${formatBytes(file.size)})`),
    ...result.diff.modified.map((file) => `  ~ ${file.path} (${formatBytes(file.size)})`),
    ...result.diff.removed.map((file) => `  - ${file.path} (${formatBytes(file.size)})`),
  ];
  if (result.commit === null && !result.dryRun) return heading;
  return [heading, ...files, describeDiff(result.diff)].join('\n');
}
