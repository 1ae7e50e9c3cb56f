import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../shared/errors.js';
import { REPO_TYPES, makeRepoId, parseRepoId, type RepoId } from '../../shared/repo-id.js';
import { checkCommitPath } from '../../shared/repo-path.js';
import { requireWrite } from '../http/index.js';
import type { RepoRecord } from '../store/index.js';
import { REPO_TYPE_PLURALS, repoTypeFromPlural } from './repo-type-plural.js';
import { canWriteNamespace, loadRepo } from './repo-access.js';
import { repoWebUrl } from './repo-web-url.js';
import type { HubDeps } from './hub-deps.js';
import { loadRepoByName } from './repo-access.js';
import { publicRepoId } from './repo-info.js';
import { commitIdentity } from '../accounts/index.js';

export const SPACE_SDKS = ['gradio', 'streamlit', 'docker', 'static'] as const;

const repoType = z.enum(REPO_TYPES).nullish();

const createBody = z.looseObject({
  name: z.string().min(1),
  organization: z.string().min(1).nullish(),
  type: repoType,
  visibility: z.enum(['public', 'private', 'protected']).nullish(),
  /** Python < 1.0 and other old clients. */
  private: z.boolean().nullish(),
  sdk: z.string().nullish(),
  /** JS createRepo's initial files. */
  files: z
    .array(z.object({ path: z.string(), content: z.string(), encoding: z.literal('base64').optional() }))
    .max(10_000)
    .nullish(),
});

const deleteBody = z.looseObject({ name: z.string().min(1), organization: z.string().min(1).nullish(), type: repoType });

const moveBody = z.looseObject({ fromRepo: z.string().min(1), toRepo: z.string().min(1), type: repoType });

const squashBody = z.looseObject({ message: z.string().max(10_000).nullish() }).nullish();

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface RepoParams {
  ns: string;
  name: string;
}

/** Repo lifecycle: create, delete, move, super-squash (settings: repo-settings-routes). */
export function registerRepoAdminRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;

  const reply = (request: FastifyRequest, repo: RepoRecord) => ({
    url: repoWebUrl(request, repo),
    name: repo.fullName,
    id: publicRepoId(repo),
  });

  app.post('/api/repos/create', async (request) => {
    const principal = requireWrite(request);
    const body = createBody.parse(request.body);
    const id = requestedRepoId(body.organization ?? undefined, body.name, body.type ?? 'model', principal.user.name);
    if (!canWriteNamespace(deps, request, id.namespace)) {
      throw new AppError('Forbidden', `You don't have the rights to create a repo under the namespace "${id.namespace}"`);
    }
    const sdk = id.type === 'space' ? checkSdk(body.sdk) : undefined;
    const files = decodeFiles(body.files ?? []);
    const visibility = body.visibility ?? (body.private ? 'private' : 'public');
    const author = commitIdentity(principal.user);

    let repo: RepoRecord;
    try {
      repo = store.createRepo({ ...id, private: visibility !== 'public', author });
    } catch (error) {
      if (isAppError(error) && error.code === 'RepoExists') {
        const existing = store.findRepo(id.type, id.namespace, id.name);
        const url = repoWebUrl(request, existing ?? { type: id.type, fullName: `${id.namespace}/${id.name}` });
        throw new AppError('RepoExists', error.message, { url });
      }
      throw error;
    }
    try {
      if (sdk) store.updateRepoOptions(repo.id, { sdk });
      if (files.length > 0) {
        store.assertQuota(repo.id, files.reduce((sum, file) => sum + file.content.data.length, 0));
        await store.commit({ repoId: repo.id, branch: 'main', title: 'Initial commit', author, operations: files });
      }
    } catch (error) {
      // No half-made repo: the name stays free and the content becomes garbage.
      store.deleteRepo(repo.id);
      throw error;
    }
    return reply(request, repo);
  });

  app.delete('/api/repos/delete', (request) => {
    const principal = requireWrite(request);
    const body = deleteBody.parse(request.body);
    const id = requestedRepoId(body.organization ?? undefined, body.name, body.type ?? 'model', principal.user.name);
    const repo = loadRepoByName(deps, request, id.type, id.namespace, id.name, 'write');
    store.deleteRepo(repo.id);
    return {};
  });

  app.post('/api/repos/move', (request) => {
    requireWrite(request);
    const body = moveBody.parse(request.body);
    const type = body.type ?? 'model';
    const from = parseRepoId(body.fromRepo, type);
    const to = parseRepoId(body.toRepo, type);
    const repo = loadRepoByName(deps, request, type, from.namespace, from.name, 'write');
    if (!canWriteNamespace(deps, request, to.namespace)) {
      throw new AppError('Forbidden', `You don't have the rights to move a repo to the namespace "${to.namespace}"`);
    }
    try {
      return reply(request, store.moveRepo(repo.id, to.namespace, to.name));
    } catch (error) {
      if (isAppError(error) && error.code === 'RepoExists') {
        throw new AppError('RepoExists', error.message, { url: repoWebUrl(request, { type, fullName: `${to.namespace}/${to.name}` }) });
      }
      throw error;
    }
  });

  for (const plural of Object.keys(REPO_TYPE_PLURALS)) {
    const type = repoTypeFromPlural(plural);

    app.post<{ Params: RepoParams & { '*': string } }>(`/api/${plural}/:ns/:name/super-squash/*`, (request) => {
      const principal = requireWrite(request);
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'write');
      const branch = request.params['*'];
      if (branch === '') throw new AppError('BadRequest', 'A branch is required');
      const body = squashBody.parse(request.body);
      const title = body?.message?.trim() || `Super-squash branch ${branch} using huggingface_hub`;
      const result = store.squash(repo.id, branch, commitIdentity(principal.user), title);
      return { success: true, commitOid: result.commitOid };
    });
  }
}

/** The repo a create or delete body names: `organization` null means the caller's namespace. */
function requestedRepoId(organization: string | undefined, name: string, type: RepoId['type'], caller: string): RepoId {
  if (organization === undefined && name.includes('/')) return parseRepoId(name, type);
  return makeRepoId(type, organization ?? caller, name);
}

function checkSdk(sdk: string | null | undefined): string {
  if (sdk && (SPACE_SDKS as readonly string[]).includes(sdk)) return sdk;
  throw new AppError('BadRequest', `Spaces need an "sdk": one of ${SPACE_SDKS.join(', ')}`);
}

interface InitialFile {
  readonly type: 'add';
  readonly path: string;
  readonly content: { readonly data: Buffer };
}

function decodeFiles(files: ReadonlyArray<{ path: string; content: string }>): InitialFile[] {
  const seen = new Set<string>();
  return files.map((file) => {
    checkCommitPath(file.path);
    if (seen.has(file.path)) throw new AppError('BadRequest', `"${file.path}" is listed twice`);
    seen.add(file.path);
    if (!BASE64.test(file.content)) throw new AppError('BadRequest', `The content of "${file.path}" is not valid base64`);
    return { type: 'add' as const, path: file.path, content: { data: Buffer.from(file.content, 'base64') } };
  });
}
