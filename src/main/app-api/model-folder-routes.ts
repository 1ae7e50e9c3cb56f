import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { isEmptyDiff, type FolderImportResult, type ModelFolderImportState, type ModelFolderList, type ModelFolderRoots, type ModelFolderView } from '../../shared/model-folders.js';
import { REPO_TYPES, nameProblem, parseRepoId, type RepoId } from '../../shared/repo-id.js';
import { commitIdentity, type Accounts } from '../accounts/index.js';
import type { ModelFolderSettings } from '../settings/index.js';
import type { Store } from '../store/index.js';
import { compareFolder, findModelFolders, importFolder } from '../watch/index.js';
import { OWNER_ONLY } from './route-access.js';
import { requireSession } from './session-guard.js';

export interface ModelFolderRoutesDeps {
  readonly folders: ModelFolderSettings;
  readonly store: Store;
  readonly accounts: Accounts;
  /** Told when an import changed the local hub (the Library shows it). */
  readonly onImported: () => void;
}

// Only the shape here: ModelFolderSettings checks the paths and explains a bad one.
const rootsBody = z.strictObject({ folders: z.unknown() });
const importBody = z.strictObject({
  path: z.string().min(1).max(4096),
  repo: z.string().trim().min(1).max(200).optional(),
  repoType: z.enum(REPO_TYPES).optional(),
  message: z.string().trim().min(1).max(500).optional(),
});

/**
 * Settings' model folders (the roots the user added) and the model folders found in them, with
 * their import status, and their import into the local hub (a direct call, as moving the cache
 * is). The owner's only: they read and link files of this machine.
 */
export function registerModelFolderRoutes(app: FastifyInstance, deps: ModelFolderRoutesDeps): void {
  app.get('/settings/model-folders', OWNER_ONLY, (): ModelFolderRoots => ({ folders: deps.folders.roots() }));

  app.put('/settings/model-folders', OWNER_ONLY, (request): ModelFolderRoots => ({
    folders: deps.folders.setRoots(rootsBody.parse(request.body).folders),
  }));

  app.get('/model-folders', OWNER_ONLY, async (request): Promise<ModelFolderList> => {
    const owner = requireSession(request).user;
    const views: ModelFolderView[] = [];
    for (const root of deps.folders.roots()) {
      for (const found of await findModelFolders(root)) {
        views.push({ path: found.path, root, kind: found.kind, suggestedRepo: suggestRepo(owner, found.path), status: await statusOf(deps, found.path) });
      }
    }
    return { folders: views };
  });

  app.post('/model-folders/import', OWNER_ONLY, async (request): Promise<FolderImportResult> => {
    const body = importBody.parse(request.body);
    const folder = await checkInsideRoots(body.path, deps.folders.roots());
    const repo = repoOf(deps.folders, folder, body);
    const session = requireSession(request);
    const result = await importFolder(deps.store, {
      folder, repo, author: commitIdentity(deps.accounts.getUser(session.user) ?? { name: session.user, email: null }),
      ...(body.message === undefined ? {} : { message: body.message }),
    });
    deps.folders.recordImport(folder, { repoType: repo.type, repo: result.repo });
    if (result.commit !== null) deps.onImported();
    return result;
  });
}

async function statusOf(deps: ModelFolderRoutesDeps, folder: string): Promise<ModelFolderImportState> {
  const recorded = deps.folders.importOf(folder);
  if (recorded === undefined) return { state: 'not-imported' };
  try {
    const repo = parseRepoId(recorded.repo, recorded.repoType);
    if (deps.store.findRepo(repo.type, repo.namespace, repo.name) === undefined) return { state: 'not-imported' };
    const comparison = await compareFolder(deps.store, folder, repo);
    const base = { repo: recorded.repo, repoType: recorded.repoType, commit: comparison.head ?? '' };
    return isEmptyDiff(comparison.diff) ? { state: 'imported', ...base } : { state: 'changed', ...base, diff: comparison.diff };
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The folder's path (normalised), when it is one of the roots or inside one (links resolved): nothing else on the machine may be imported from the UI. */
async function checkInsideRoots(path: string, roots: readonly string[]): Promise<string> {
  if (!isAbsolute(path)) throw new AppError('BadRequest', `"${path}" is not an absolute path`);
  // As the listing names it: the import is remembered under this path.
  const folder = resolve(path);
  const real = await realpath(folder).catch(() => {
    throw new AppError('NotFound', `No folder at ${path}`);
  });
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot === undefined) continue;
    const rel = relative(realRoot, real);
    if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep))) return folder;
  }
  throw new AppError('Forbidden', `${path} is not inside a model folder added in Settings`);
}

function repoOf(folders: ModelFolderSettings, folder: string, body: z.infer<typeof importBody>): RepoId {
  if (body.repo !== undefined) return parseRepoId(body.repo, body.repoType ?? 'model');
  const recorded = folders.importOf(folder);
  if (recorded === undefined) throw new AppError('BadRequest', 'Name the repo to import into (NAMESPACE/NAME): this folder was never imported');
  return parseRepoId(recorded.repo, body.repoType ?? recorded.repoType);
}

/** OWNER/FOLDER-NAME, the name made valid ("My Model (v2)" -> "My-Model-v2"). */
function suggestRepo(owner: string, folder: string): string {
  const name = basename(folder).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-{2,}/g, '-').replace(/\.{2,}/g, '.').replace(/^[-.]+|[-.]+$/g, '').slice(0, 96);
  const valid = name !== '' && nameProblem(name) === undefined ? name : 'model';
  return `${owner}/${valid}`;
}
