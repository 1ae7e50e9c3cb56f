import { APP_API_PREFIX } from '../../shared/app-api.js';
import type { FolderImportResult, ModelFolderImportRequest, ModelFolderList, ModelFolderRoots } from '../../shared/model-folders.js';

export interface ModelFoldersTransport {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  send(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown>;
}

/** Settings' model folders and their import (/-/api/v1/settings/model-folders, /-/api/v1/model-folders). */
export interface ModelFoldersApi {
  roots(signal?: AbortSignal): Promise<ModelFolderRoots>;
  setRoots(folders: readonly string[]): Promise<ModelFolderRoots>;
  /** The model folders found in the roots, with their import status (compares each imported one with its repo). */
  list(signal?: AbortSignal): Promise<ModelFolderList>;
  /** Imports a folder, or commits its changes, as one commit. */
  importFolder(request: ModelFolderImportRequest): Promise<FolderImportResult>;
}

export function createModelFoldersApi(transport: ModelFoldersTransport): ModelFoldersApi {
  // The core builds these answers from the same shared types; they are not re-validated field by field.
  return {
    roots: (signal) => transport.get(`${APP_API_PREFIX}/settings/model-folders`, signal) as Promise<ModelFolderRoots>,
    setRoots: (folders) => transport.send('PUT', `${APP_API_PREFIX}/settings/model-folders`, { folders }) as Promise<ModelFolderRoots>,
    list: (signal) => transport.get(`${APP_API_PREFIX}/model-folders`, signal) as Promise<ModelFolderList>,
    importFolder: (request) => transport.send('POST', `${APP_API_PREFIX}/model-folders/import`, request) as Promise<FolderImportResult>,
  };
}
