import { randomUUID } from 'node:crypto';
import { fastify, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyPluginCallback } from 'fastify';
import type { Accounts } from '../accounts/index.js';
import type { Logger } from '../logger.js';
import { registerAuth } from './auth.js';
import { registerStrictJsonParser } from './body-text.js';
import { answerClientError, answerConnect, answerUnmetExpectation } from './client-error.js';
import { sendError, toErrorReply } from './error-reply.js';
import { registerDurableReplies, type Durability } from './durable-replies.js';
import { registerHostGuard } from './host-guard.js';
import { RequestLogController } from './request-log.js';
import { registerStaticUi } from './static-ui.js';

export interface HttpServerOptions {
  /** The address the server will listen on; the Host guard accepts only names for it. */
  readonly host: string;
  /** The renderer build served at /-/ui/. */
  readonly uiDir: string;
  readonly logger: Logger;
  readonly accounts: Accounts;
  /** What GET /health reports. */
  readonly health: { readonly version: string; readonly schema: number };
  /** Largest request body for routes that do not set their own limit. */
  readonly bodyLimit?: number;
  /** Given when the database does not fsync inside each commit: replies to writes wait for its sync. */
  readonly durability?: Durability;
  /** Route plugins of the higher modules (hub, git, app-api), registered after the hooks. */
  readonly routes?: ReadonlyArray<FastifyPluginAsync | FastifyPluginCallback>;
}

/**
 * The HTTP surface: Host guard, request ids, auth, HF-shaped errors, /health, the UI, and the
 * routes it is given. Call `listen` on the result; nothing is bound here.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so the instance has the default generics route modules expect.
  const logger: FastifyBaseLogger = options.logger.child({ component: 'http' });
  const app = fastify({
    loggerInstance: logger,
    logController: new RequestLogController(),
    // Never trust a client-sent id: it would let callers forge entries in our logs.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    routerOptions: { maxParamLength: 1000 },
    // A missing Host is refused by the Host guard in our error format, not by Node with a bare 400.
    http: { requireHostHeader: false },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, toErrorReply(error));
    },
  });

  app.server.on('checkExpectation', answerUnmetExpectation);
  app.server.on('connect', answerConnect);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  registerHostGuard(app, options.host);
  registerStrictJsonParser(app);
  registerAuth(app, options.accounts);
  if (options.durability) registerDurableReplies(app, options.durability);

  app.setErrorHandler((error, request, reply) => {
    const mapped = toErrorReply(error);
    if (mapped.unexpected) request.log.error({ err: error }, 'request failed with an unexpected error');
    sendError(reply, mapped);
  });
  app.setNotFoundHandler((_request, reply) => {
    sendError(reply, { status: 404, code: 'NotFound', message: 'Not found', extra: {}, unexpected: false });
  });

  app.get('/health', () => ({ status: 'ok', version: options.health.version, schema: options.health.schema }));
  await registerStaticUi(app, options.uiDir);
  for (const routes of options.routes ?? []) await app.register(routes);
  return app;
}
