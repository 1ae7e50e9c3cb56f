import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { isRepoType, type RepoType } from '../../shared/repo-id.js';
import type { SettingsTable } from '../db/index.js';

const ROOTS_KEY = 'modelFolders';
const IMPORTS_KEY = 'modelFolderImports';
const MAX_ROOTS = 32;
const MAX_PATH_LENGTH = 4096;

/** The repo a folder was last imported into. */
export interface RecordedImport {
  readonly repoType: RepoType;
  readonly repo: string;
}

/**
 * The folders the user added in Settings to find model folders in, and which repo each imported
 * folder went into. Values read back from the database are checked again; a bad one is ignored.
 */
export class ModelFolderSettings {
  constructor(
    private readonly table: SettingsTable,
    private readonly now: () => number,
  ) {}

  roots(): string[] {
    const saved = this.table.get(ROOTS_KEY);
    return Array.isArray(saved) ? saved.filter((item): item is string => typeof item === 'string' && isAbsolute(item)) : [];
  }

  /** Replaces the list: absolute paths only, at most 32; duplicates are dropped. Nothing changes on a bad value. */
  setRoots(value: unknown): string[] {
    if (!Array.isArray(value)) throw invalid('The model folders must be a list of folder paths');
    if (value.length > MAX_ROOTS) throw invalid(`At most ${MAX_ROOTS} model folders can be added`);
    const roots: string[] = [];
    for (const item of value) {
      if (typeof item !== 'string' || item.trim() === '' || item.length > MAX_PATH_LENGTH || item.includes('\0')) {
        throw invalid('Each model folder must be a folder path');
      }
      if (!isAbsolute(item.trim())) throw invalid(`"${item}" is not an absolute path (such as /home/me/models)`);
      const path = resolve(item.trim());
      if (!roots.includes(path)) roots.push(path);
    }
    this.table.set(ROOTS_KEY, roots, this.now());
    return roots;
  }

  /** The repo a folder was last imported into, if any. */
  importOf(folder: string): RecordedImport | undefined {
    const entry = this.imports()[folder];
    return entry !== undefined && isRepoType(entry.repoType) && typeof entry.repo === 'string' ? entry : undefined;
  }

  recordImport(folder: string, recorded: RecordedImport): void {
    this.table.set(IMPORTS_KEY, { ...this.imports(), [folder]: recorded }, this.now());
  }

  private imports(): Record<string, RecordedImport> {
    const saved = this.table.get(IMPORTS_KEY);
    return typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? (saved as Record<string, RecordedImport>) : {};
  }
}

function invalid(message: string): AppError {
  return new AppError('InvalidSetting', message, { setting: ROOTS_KEY });
}
