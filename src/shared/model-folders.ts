/** Local model folders (Settings) and their import into the local hub: wire types of the app API and `hubkeeper import --json`. */

/**
 * What makes a folder a model folder, strongest sign first: a git clone, a `huggingface_hub`
 * local dir (`.cache/huggingface`), GGUF weights, safetensors weights, or a transformers
 * `config.json`.
 */
export const MODEL_FOLDER_KINDS = ['git', 'hf-local-dir', 'gguf', 'safetensors', 'config'] as const;
export type ModelFolderKind = (typeof MODEL_FOLDER_KINDS)[number];

/** One file of a folder diff (a path of the repo). */
export interface FolderDiffFile {
  readonly path: string;
  /** Bytes of the file in the folder (for a removed file: in the repo). */
  readonly size: number;
}

/** How a folder differs from the repo's head: what an import would commit. */
export interface FolderDiff {
  readonly added: readonly FolderDiffFile[];
  readonly modified: readonly FolderDiffFile[];
  readonly removed: readonly FolderDiffFile[];
  readonly unchanged: number;
  readonly addedBytes: number;
  readonly modifiedBytes: number;
  readonly removedBytes: number;
}

/** What `hubkeeper import` (and the app API's import) did or, with dry run, would do. */
export interface FolderImportResult {
  /** NAMESPACE/NAME of the local hub repo. */
  readonly repo: string;
  readonly repoType: 'model' | 'dataset' | 'space';
  readonly folder: string;
  /** The repo did not exist and was created (not with dry run). */
  readonly created: boolean;
  /** The new commit; null when nothing changed or with dry run. */
  readonly commit: string | null;
  /** The head before the import (null for a repo that does not exist yet). */
  readonly parent: string | null;
  readonly dryRun: boolean;
  readonly diff: FolderDiff;
}

/** True when the diff holds no change. */
export function isEmptyDiff(diff: FolderDiff): boolean {
  return diff.added.length === 0 && diff.modified.length === 0 && diff.removed.length === 0;
}

/** The folders the user added in Settings, where model folders are looked for. */
export interface ModelFolderRoots {
  readonly folders: readonly string[];
}

/** Where a model folder stands against the repo it was imported into. */
export type ModelFolderImportState =
  | { readonly state: 'not-imported' }
  | { readonly state: 'imported'; readonly repo: string; readonly repoType: 'model' | 'dataset' | 'space'; readonly commit: string }
  | { readonly state: 'changed'; readonly repo: string; readonly repoType: 'model' | 'dataset' | 'space'; readonly commit: string; readonly diff: FolderDiff }
  /** The folder could not be compared (unreadable, a link out of it): the message says why. */
  | { readonly state: 'error'; readonly message: string };

/** A model folder found in one of the roots, with its import status. */
export interface ModelFolderView {
  readonly path: string;
  /** The root (a folder added in Settings) it was found in. */
  readonly root: string;
  readonly kind: ModelFolderKind;
  /** A repo name to offer for a first import (NAMESPACE/NAME). */
  readonly suggestedRepo: string;
  readonly status: ModelFolderImportState;
}

export interface ModelFolderList {
  readonly folders: readonly ModelFolderView[];
}

/** POST /-/api/v1/model-folders/import: `repo` defaults to the repo of the folder's last import. */
export interface ModelFolderImportRequest {
  readonly path: string;
  readonly repo?: string;
  readonly repoType?: 'model' | 'dataset' | 'space';
  readonly message?: string;
}
