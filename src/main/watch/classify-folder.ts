import type { ModelFolderKind } from '../../shared/model-folders.js';

/** An entry of a folder listing: a path relative to the folder ("config.json", ".cache/huggingface"). */
export interface ListedEntry {
  readonly path: string;
  readonly isDirectory: boolean;
}

/**
 * Whether a folder is a model folder, and which kind (its strongest sign), from its listing: the
 * top level, plus `.cache`'s children when it has one. Pure: the scanner reads the disk.
 */
export function classifyFolder(entries: readonly ListedEntry[]): ModelFolderKind | undefined {
  const has = (test: (entry: ListedEntry) => boolean): boolean => entries.some(test);
  if (has((entry) => entry.path === '.git')) return 'git';
  if (has((entry) => entry.isDirectory && entry.path === '.cache/huggingface')) return 'hf-local-dir';
  const files = entries.filter((entry) => !entry.isDirectory && !entry.path.includes('/')).map((entry) => entry.path.toLowerCase());
  if (files.some((name) => name.endsWith('.gguf'))) return 'gguf';
  if (files.some((name) => name.endsWith('.safetensors') || name.endsWith('.safetensors.index.json'))) return 'safetensors';
  if (files.includes('config.json')) return 'config';
  return undefined;
}

/** Folders a scan never enters: hidden ones, and those systems and tools keep for themselves. */
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules', '__pycache__', 'lost+found', 'System Volume Information', '$RECYCLE.BIN', 'Library', 'AppData', 'proc', 'sys', 'dev',
]);

/** Whether a scan of a root goes into a child folder of this name. */
export function isScannedFolderName(name: string): boolean {
  return !name.startsWith('.') && !SYSTEM_FOLDERS.has(name);
}
