import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../accounts/index.js';
import { requirePrincipal } from '../http/index.js';
import type { Author, CommitOperation, RepoRecord, Store } from '../store/index.js';
import { parseCommitPayload, type PayloadOperation } from './commit-payload.js';
import { loadRepo, repoTypeFromPlural, repoWebUrl, type HubDeps } from './hub-context.js';
import { ndjsonLines, type NdjsonLimits } from './ndjson-lines.js';
import { branchOfRevision, repoRouteParams } from './write-params.js';

/** Regular files travel inline as base64; LFS files never do, so this is generous. */
const COMMIT_LIMITS: NdjsonLimits = { maxLineBytes: 256 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

export interface CommitResponse {
  readonly success: true;
  readonly commitOid: string;
  readonly commitUrl: string;
  readonly hookOutput: '';
  readonly pullRequestUrl: null;
}

/** `POST /api/{rts}/{ns}/{name}/commit/{rev}`: an NDJSON commit (HF-PROTOCOL §4.4), applied atomically. */
export function registerCommitRoute(app: FastifyInstance, deps: HubDeps): void {
  void app.register((scope, _options, done) => {
    // The body is parsed as it streams in, whatever Content-Type it is labelled with.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    scope.post('/api/:rts/:ns/:name/commit/*', (request) => commit(deps, request));
    done();
  });
}

async function commit(deps: HubDeps, request: FastifyRequest): Promise<CommitResponse> {
  const { store } = deps;
  const params = repoRouteParams(request);
  const repo = loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'write');
  const principal = requirePrincipal(request);
  // create_pr=1 is answered as a commit to the branch: HubKeeper has no pull requests.
  const branch = branchOfRevision(params.tail);
  if (!store.listRefs(repo.id).branches.some((ref) => ref.name === branch)) {
    throw new AppError('RevisionNotFound', `Invalid rev id: ${branch} is not a branch of ${repo.fullName}`);
  }
  const payload = await parseCommitPayload(ndjsonLines(request.raw, COMMIT_LIMITS));
  const operations = await toStoreOperations(store, payload.operations);
  store.assertQuota(repo.id, payload.operations.reduce((sum, op) => sum + (op.kind === 'file' ? op.data.length : 0), 0));
  const result = await store.commit({
    repoId: repo.id,
    branch,
    ...(payload.header.parentCommit !== undefined ? { parentCommit: payload.header.parentCommit } : {}),
    title: payload.header.summary,
    ...(payload.header.description !== undefined ? { description: payload.header.description } : {}),
    author: authorOf(principal),
    operations,
  });
  return {
    success: true,
    commitOid: result.commitOid,
    commitUrl: commitUrl(request, repo, result.commitOid),
    hookOutput: '',
    pullRequestUrl: null,
  };
}

async function toStoreOperations(store: Store, operations: readonly PayloadOperation[]): Promise<CommitOperation[]> {
  const result: CommitOperation[] = [];
  for (const op of operations) {
    switch (op.kind) {
      case 'file':
        // Preupload sent it inline as "regular": it stays a regular git blob whatever its content.
        result.push({ type: 'add', path: op.path, content: { data: op.data }, lfs: 'never' });
        break;
      case 'lfsFile': {
        const size = op.size ?? (await store.blobs.size(op.oid));
        if (size === undefined) {
          throw new AppError('UnprocessableEntity', `LFS object ${op.oid} for "${op.path}" has not been uploaded`);
        }
        result.push({ type: 'addLfs', path: op.path, sha256: op.oid, size });
        break;
      }
      case 'deletedFile':
        result.push({ type: 'delete', path: op.path });
        break;
      case 'deletedFolder':
        result.push({ type: 'deleteFolder', path: op.path });
        break;
    }
  }
  return result;
}

export function commitUrl(request: FastifyRequest, repo: RepoRecord, commitOid: string): string {
  return `${repoWebUrl(request, repo)}/commit/${commitOid}`;
}

/** The git author of a commit made over the API: the token's user. */
export function authorOf(principal: Principal): Author {
  const { user } = principal;
  return { name: user.name, email: user.email ?? `${user.name}@users.noreply.hubkeeper.local` };
}
