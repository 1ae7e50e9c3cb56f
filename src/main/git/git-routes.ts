import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { asciiHeaderValue, toErrorReply } from '../http/index.js';
import { GIT_AUTH_CHALLENGE, GitAuthRequired, gitRepoFor, type GitAccess, type GitAccessDeps } from './git-access.js';
import { GitProtocolError, errPkt } from './pkt-line.js';
import type { RepoRecord } from '../store/index.js';

/** The smart HTTP services a repo answers (`info/refs?service=...` and `POST .../<service>`). */
export type GitServiceName = 'git-upload-pack' | 'git-receive-pack';

/** URL prefixes of the repo types, as on huggingface.co (models have none). */
export const GIT_URL_PREFIXES: ReadonlyArray<readonly [prefix: string, type: RepoType]> = [
  ['', 'model'],
  ['datasets/', 'dataset'],
  ['spaces/', 'space'],
];

export interface GitServiceContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly repo: RepoRecord;
  /** 2 when the client asked for protocol v2 (`Git-Protocol: version=2`), else 0 (v0 and v1 alike). */
  readonly protocol: 0 | 2;
}

/** What a service answers; the route sets the media types, no-cache headers and error framing. */
export interface GitService {
  readonly name: GitServiceName;
  /** Access checked before either request reaches the service. */
  readonly access: GitAccess;
  /** The whole body of `GET info/refs?service=<name>`, preamble included. */
  advertise(context: GitServiceContext): AsyncIterable<Buffer> | Iterable<Buffer>;
  /** The answer to `POST <name>`; the body is read from `context.request` (see request-body.ts). */
  serve(context: GitServiceContext): Promise<AsyncIterable<Buffer> | Iterable<Buffer>>;
}

const NO_CACHE = { 'cache-control': 'no-cache, max-age=0, must-revalidate', pragma: 'no-cache', expires: 'Fri, 01 Jan 1980 00:00:00 GMT' };

/**
 * Mounts smart HTTP for every repo type, with and without `.git`: `GET {repo}/info/refs?service=`
 * and `POST {repo}/<service>` for each service given. A service not given answers 403 on
 * discovery (as git http-backend does for a disabled one); dumb-protocol paths stay 404.
 */
export function gitServiceRoutes(deps: GitAccessDeps, services: readonly GitService[]): FastifyPluginCallback {
  const byName = new Map(services.map((service) => [service.name as string, service]));
  return (app, _options, done) => {
    // Bodies are read by the services as streams (gzip, packs of any size): nothing is parsed here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    app.setErrorHandler((error, request, reply) => sendGitError(request, reply, error));
    for (const [prefix, type] of GIT_URL_PREFIXES) {
      app.get(`/${prefix}:ns/:name/info/refs`, async (request, reply) => {
        const serviceName = (request.query as { service?: unknown }).service;
        if (typeof serviceName !== 'string' || serviceName === '') {
          throw new AppError('NotFound', 'This hub serves the smart HTTP protocol only: use git 1.6.6 or newer');
        }
        const service = byName.get(serviceName);
        if (!service) throw new AppError('Forbidden', `Unsupported service "${asciiHeaderValue(serviceName).slice(0, 64)}"`);
        const context = contextFor(deps, request, reply, type, service.access);
        return sendStream(reply, `application/x-${service.name}-advertisement`, service.advertise(context));
      });
      for (const service of services) registerServicePost(app, deps, prefix, type, service);
    }
    done();
  };
}

function registerServicePost(app: FastifyInstance, deps: GitAccessDeps, prefix: string, type: RepoType, service: GitService): void {
  app.post(`/${prefix}:ns/:name/${service.name}`, async (request, reply) => {
    const expected = `application/x-${service.name}-request`;
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== expected) throw new AppError('BadRequest', `Expected Content-Type ${expected}`, {}, { status: 415 });
    const context = contextFor(deps, request, reply, type, service.access);
    return sendStream(reply, `application/x-${service.name}-result`, await service.serve(context));
  });
}

function contextFor(deps: GitAccessDeps, request: FastifyRequest, reply: FastifyReply, type: RepoType, access: GitAccess): GitServiceContext {
  const params = request.params as { ns: string; name: string };
  const name = params.name.endsWith('.git') ? params.name.slice(0, -4) : params.name;
  const repo = gitRepoFor(deps, request, type, params.ns, name, access);
  return { request, reply, repo, protocol: protocolVersion(request) };
}

/** `Git-Protocol` holds colon-separated `key=value` pairs; v2 is the only version that changes the wire here. */
export function protocolVersion(request: FastifyRequest): 0 | 2 {
  const header = request.headers['git-protocol'];
  const value = Array.isArray(header) ? header.join(':') : (header ?? '');
  return value.split(':').includes('version=2') ? 2 : 0;
}

function sendStream(reply: FastifyReply, type: string, body: AsyncIterable<Buffer> | Iterable<Buffer>): FastifyReply {
  return reply.headers(NO_CACHE).type(type).send(Readable.from(body, { objectMode: false }));
}

/**
 * Errors as git shows them: a protocol error is an `ERR` packet (git prints "remote error: ..."),
 * a 401 carries the Basic challenge so git asks its credential helpers, anything else is a
 * status with a text/plain line (git prints it as "remote: ...") and the HF error code header.
 */
function sendGitError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof GitProtocolError) {
    const service = request.url.includes('git-receive-pack') ? 'git-receive-pack' : 'git-upload-pack';
    return reply
      .status(200)
      .headers(NO_CACHE)
      .header('x-error-code', 'BadRequest')
      .header('x-error-message', asciiHeaderValue(error.message))
      .type(`application/x-${service}-result`)
      .send(errPkt(error.message));
  }
  const mapped = toErrorReply(error);
  if (mapped.unexpected) request.log.error({ err: error }, 'git request failed with an unexpected error');
  if (error instanceof GitAuthRequired || (isAppError(error) && error.status === 401)) reply.header('www-authenticate', GIT_AUTH_CHALLENGE);
  return reply
    .status(mapped.status)
    .headers(NO_CACHE)
    .header('x-request-id', request.id)
    .header('x-error-code', mapped.code)
    .header('x-error-message', asciiHeaderValue(mapped.message))
    .type('text/plain; charset=utf-8')
    .send(`${mapped.message}\n`);
}
