import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { commitIdentity } from '../accounts/index.js';
import type { CommitOperation, RepoRecord, Store } from '../store/index.js';
import { parseCommitPayload, type PayloadOperation } from './commit-payload.js';
import { authorizeCommit } from './commit-target.js';
import { repoWebUrl } from './repo-web-url.js';
import type { HubDeps } from './hub-deps.js';
import { ndjsonLines, type NdjsonLimits } from './ndjson-lines.js';
import { repoRouteParams } from './write-params.js';

/** Regular files travel inline as base64; LFS files never do, so this is generous. */
const COMMIT_LIMITS: NdjsonLimits = { maxLineBytes: 256 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

export interface CommitResponse {
  readonly success: true;
  readonly commitOid: string;
  readonly commitUrl: string;
  readonly hookOutput: '';
  /** The pull request the commit went to (`create_pr=1`, or a commit to refs/pr/N). */
  readonly pullRequestUrl: string | null;
}

/** `POST /api/{rts}/{ns}/{name}/commit/{rev}`: an NDJSON commit (HF wire protocol §4.4), applied atomically. */
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
  const { repo, target, principal } = authorizeCommit(deps, request, params);
  if (target.kind === 'branch' && !store.hasBranch(repo.id, target.branch)) {
    throw new AppError('RevisionNotFound', `Invalid rev id: ${target.branch} is not a branch of ${repo.fullName}`);
  }
  const payload = await parseCommitPayload(ndjsonLines(request.raw, COMMIT_LIMITS));
  const operations = await toStoreOperations(store, payload.operations);
  store.assertQuota(repo.id, payload.operations.reduce((sum, op) => sum + (op.kind === 'file' ? op.data.length : 0), 0));
  const { parentCommit, summary, description } = payload.header;
  const author = commitIdentity(principal.user);
  let pullRequest = target.kind === 'pull-request' ? target.num : undefined;
  const result = await store.commit({
    repoId: repo.id,
    branch: target.kind === 'new-pull-request' ? target.base : target.kind === 'pull-request' ? target.ref : target.branch,
    ...(parentCommit !== undefined ? { parentCommit } : {}),
    title: summary,
    ...(description !== undefined ? { description } : {}),
    author,
    operations,
    ...(target.kind === 'new-pull-request'
      ? {
          hooks: store.discussions.openWithCommit(
            repo.id,
            {
              title: summary,
              description: description ?? '',
              author: author.name,
              base: target.base,
              status: 'open',
              ...(parentCommit !== undefined ? { startCommit: parentCommit } : {}),
            },
            (num) => (pullRequest = num),
          ),
        }
      : {}),
  });
  return {
    success: true,
    commitOid: result.commitOid,
    commitUrl: commitUrl(request, repo, result.commitOid),
    hookOutput: '',
    pullRequestUrl: pullRequest === undefined ? null : discussionUrl(request, repo, pullRequest),
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

/** `<repo web URL>/discussions/<num>`: Python reads the number back from the end of it. */
export function discussionUrl(request: FastifyRequest, repo: RepoRecord, num: number): string {
  return `${repoWebUrl(request, repo)}/discussions/${num}`;
}

export function commitUrl(request: FastifyRequest, repo: RepoRecord, commitOid: string): string {
  return `${repoWebUrl(request, repo)}/commit/${commitOid}`;
}


