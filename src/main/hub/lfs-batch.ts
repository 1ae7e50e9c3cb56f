import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import { requireWrite } from '../http/index.js';
import { PULL_REQUEST_PREFIX, type RepoRecord } from '../store/index.js';
import { baseUrl } from '../http/index.js';
import { loadRepo } from './repo-access.js';
import { assertMayDownload } from './download-access.js';
import type { HubDeps } from './hub-deps.js';
import { acceptLfsJson, lfsError, sendLfsJson } from './lfs-reply.js';
import { transferUrl, type TransferGrant, type TransferSigner } from './signed-url.js';
import { multipartChunkFor, type UploadSettings } from './upload-settings.js';
import { WEB_PREFIXES, gitRouteParams } from './write-params.js';

/** git-lfs sends 100 objects per batch, Python 256, JS 100. */
const MAX_OBJECTS = 1000;

const batchBody = z.object({
  operation: z.enum(['upload', 'download']),
  transfers: z.array(z.string()).nullish(),
  // Each object's oid and size are checked in checkObject: a bad one gets its own error, as git-lfs expects.
  objects: z.array(z.object({ oid: z.unknown(), size: z.unknown() })).max(MAX_OBJECTS, `At most ${MAX_OBJECTS} objects per batch`),
  // JS sends "sha_256"; git-lfs and Python "sha256" or nothing.
  hash_algo: z.string().nullish(),
  // Python sends {name: "main"}, JS {name: branch}, git-lfs {name: "refs/heads/main"}; any may be absent or null.
  ref: z.object({ name: z.string().nullish() }).nullish(),
});

type BatchBody = z.infer<typeof batchBody>;

interface LfsAction {
  readonly href: string;
  readonly header?: Readonly<Record<string, string>>;
  readonly expires_in: number;
}

type BatchObject =
  | { readonly oid: string; readonly size: number; readonly authenticated?: true; readonly actions?: Readonly<Record<string, LfsAction>> }
  | { readonly oid: string; readonly size: number; readonly error: { readonly code: number; readonly message: string } };

interface BatchContext {
  readonly deps: HubDeps;
  readonly signer: TransferSigner;
  readonly settings: UploadSettings;
}

/** `POST /{pfx}{ns}/{name}.git/info/lfs/objects/batch` (git-lfs batch API, as HF serves it). */
export function registerLfsBatchRoute(app: FastifyInstance, context: BatchContext): void {
  void app.register((scope, _options, done) => {
    acceptLfsJson(scope);
    for (const [prefix, type] of WEB_PREFIXES) {
      scope.post(`/${prefix}:ns/:name.git/info/lfs/objects/batch`, async (request, reply) => {
        try {
          const { ns, name } = gitRouteParams(request);
          const body = parseBatchBody(request.body);
          const repo = loadRepo(context.deps, request, type, ns, name, body.operation === 'upload' && !forPullRequest(body) ? 'write' : 'read');
          if (body.operation === 'upload') requireWrite(request);
          else assertMayDownload(context.deps, request, repo);
          const objects = body.operation === 'upload' ? await uploadObjects(context, request, repo, body) : await downloadObjects(context, request, repo, body);
          const multipart = objects.some((object) => 'actions' in object && object.actions?.upload?.header?.chunk_size !== undefined);
          return sendLfsJson(reply, { transfer: multipart ? 'multipart' : 'basic', hash_algo: 'sha256', objects });
        } catch (error) {
          throw lfsError(error, reply);
        }
      });
    }
    done();
  });
}

/**
 * Uploads for a pull request name no ref (Python with create_pr) or refs/pr/N: anyone who can read
 * the repo may send them with a write token, as on HF. The objects stay unreferenced (and are
 * collected) until a commit the caller may make uses them.
 */
function forPullRequest(body: BatchBody): boolean {
  const ref = body.ref?.name;
  return ref === undefined || ref === null || ref === '' || ref.startsWith(PULL_REQUEST_PREFIX);
}

function parseBatchBody(raw: unknown): BatchBody {
  const parsed = batchBody.safeParse(raw ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw new AppError('UnprocessableEntity', `Invalid batch request: ${message}`);
  }
  const algo = parsed.data.hash_algo;
  if (algo !== undefined && algo !== null && algo !== 'sha256' && algo !== 'sha_256') {
    throw new AppError('Conflict', `Unsupported hash algorithm "${algo}"; this server uses sha256`);
  }
  return parsed.data;
}

interface CheckedObject {
  readonly oid: string;
  readonly size: number;
}

/**
 * A requested object with a valid oid and size, or the per-object error the client gets for it.
 * Types are checked, never coerced: `["<64 hex>"]` is not an oid, `"1"` is not a size.
 */
function checkObject(object: { oid: unknown; size: unknown }): CheckedObject | BatchObject {
  const { oid, size } = object;
  if (typeof oid !== 'string') {
    return { oid: JSON.stringify(oid ?? null).slice(0, 100), size: 0, error: { code: 422, message: 'The oid must be a string of 64 lowercase hex characters (sha256)' } };
  }
  const sizeOrZero = typeof size === 'number' && Number.isSafeInteger(size) ? size : 0;
  if (!isSha256(oid)) return { oid, size: sizeOrZero, error: { code: 422, message: 'The oid must be 64 lowercase hex characters (sha256)' } };
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    return { oid, size: sizeOrZero, error: { code: 422, message: 'The size must be a non-negative integer' } };
  }
  return { oid, size };
}

function isError(value: CheckedObject | BatchObject): value is BatchObject {
  return 'error' in value;
}

async function uploadObjects(context: BatchContext, request: FastifyRequest, repo: RepoRecord, body: BatchBody): Promise<BatchObject[]> {
  const { store } = context.deps;
  const checked = body.objects.map(checkObject);
  const stored = new Map<string, number | undefined>();
  for (const object of checked) {
    if (!isError(object) && !stored.has(object.oid)) stored.set(object.oid, await store.blobs.size(object.oid));
  }
  const missingBytes = new Map<string, number>();
  for (const object of checked) {
    if (!isError(object) && stored.get(object.oid) === undefined) missingBytes.set(object.oid, object.size);
  }
  store.assertQuota(repo.id, [...missingBytes.values()].reduce((sum, size) => sum + size, 0));

  const multipartOffered = body.transfers?.includes('multipart') ?? false;
  const expires = Math.floor(Date.now() / 1000) + context.settings.urlTtlSeconds;
  const base = baseUrl(request);
  return answerEach(checked, async (object) => {
    const storedSize = stored.get(object.oid);
    if (storedSize !== undefined) {
      if (storedSize !== object.size) {
        return { ...object, error: { code: 422, message: `Object ${object.oid} is stored with ${storedSize} bytes, not ${object.size}` } };
      }
      // Already here: no actions. Refresh it so garbage collection spares it until the commit.
      await store.blobs.touch(object.oid).catch(() => undefined);
      return object;
    }
    const grant = { repoId: repo.id, oid: object.oid, size: object.size, expires };
    const chunkSize = multipartOffered ? multipartChunkFor(context.settings, object.size) : undefined;
    const upload = chunkSize === undefined ? basicUpload(context, base, grant) : multipartUpload(context, base, grant, chunkSize);
    const verify: LfsAction = { href: transferUrl(base, context.signer, { ...grant, action: 'verify' }), expires_in: context.settings.urlTtlSeconds };
    return { ...object, authenticated: true, actions: { upload, verify } };
  });
}

/** Each checked object's answer, in order, one at a time; an object that failed the check answers with its error. */
async function answerEach(checked: readonly (CheckedObject | BatchObject)[], answer: (object: CheckedObject) => Promise<BatchObject>): Promise<BatchObject[]> {
  const result: BatchObject[] = [];
  for (const object of checked) result.push(isError(object) ? object : await answer(object));
  return result;
}

function basicUpload(context: BatchContext, base: string, grant: Omit<TransferGrant, 'action'>): LfsAction {
  return { href: transferUrl(base, context.signer, { ...grant, action: 'upload' }), expires_in: context.settings.urlTtlSeconds };
}

/** HF multipart: part URLs in `header` keyed "1".."N" next to `chunk_size`; `href` completes the upload. */
function multipartUpload(context: BatchContext, base: string, grant: Omit<TransferGrant, 'action'>, chunkSize: number): LfsAction {
  const uploadId = context.deps.store.uploads.newUploadId();
  const parts = Math.ceil(grant.size / chunkSize);
  const header: Record<string, string> = { chunk_size: String(chunkSize) };
  for (let part = 1; part <= parts; part++) {
    header[String(part)] = transferUrl(base, context.signer, { ...grant, action: 'part', uploadId, chunkSize, part });
  }
  return {
    href: transferUrl(base, context.signer, { ...grant, action: 'complete', uploadId, chunkSize }),
    header,
    expires_in: context.settings.urlTtlSeconds,
  };
}

/** Download (git-lfs checkout): only objects this repo's history references, so no other repo's content leaks. */
async function downloadObjects(context: BatchContext, request: FastifyRequest, repo: RepoRecord, body: BatchBody): Promise<BatchObject[]> {
  const { store } = context.deps;
  const checked = body.objects.map(checkObject);
  const valid = checked.filter((object): object is CheckedObject => !isError(object)).map((object) => object.oid);
  const referenced = store.lfsObjectsReferenced(repo.id, [...new Set(valid)]);
  const expires = Math.floor(Date.now() / 1000) + context.settings.urlTtlSeconds;
  const base = baseUrl(request);
  return answerEach(checked, async (object) => {
    const storedSize = referenced.has(object.oid) ? await store.blobs.size(object.oid) : undefined;
    if (storedSize === undefined) {
      return { ...object, error: { code: 404, message: `Object ${object.oid} does not exist in ${repo.fullName}` } };
    }
    const grant: TransferGrant = { action: 'download', repoId: repo.id, oid: object.oid, size: storedSize, expires };
    return {
      oid: object.oid,
      size: storedSize,
      authenticated: true,
      actions: { download: { href: transferUrl(base, context.signer, grant), expires_in: context.settings.urlTtlSeconds } },
    };
  });
}
