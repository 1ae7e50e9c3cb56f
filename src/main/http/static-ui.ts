import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { OPEN_LINK_PATH, openLinkHash } from '../../shared/deep-link.js';
import { AppError } from '../../shared/errors.js';
import { sendError } from './error-reply.js';

export const UI_PREFIX = '/-/ui/';

/** The UI talks only to its own origin; nothing inline, no framing. */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = 'The HubKeeper UI has not been built. Run `npm run build` and restart the server.\n';

/**
 * Serves the renderer build at /-/ui/ (paths without a file extension get index.html, for
 * client-side routes), or a short notice when there is no build.
 */
export async function registerStaticUi(app: FastifyInstance, uiDir: string): Promise<void> {
  app.get('/', async (_request, reply) => reply.redirect(UI_PREFIX, 302));
  // "Open in HubKeeper" from a web page: the UI checks the link (GET /-/api/v1/deep-link) and asks.
  app.get(OPEN_LINK_PATH, async (request, reply) => {
    const url: unknown = (request.query as Record<string, unknown> | undefined)?.url;
    if (typeof url !== 'string' || url === '') throw new AppError('BadRequest', 'Expected /open?url=hubkeeper://...');
    return reply.redirect(`${UI_PREFIX}${openLinkHash(url)}`, 302);
  });

  if (!existsSync(join(uiDir, 'index.html'))) {
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    app.get('/-/ui', notBuilt);
    app.get('/-/ui/*', notBuilt);
    return;
  }

  await app.register(async (ui) => {
    await ui.register(fastifyStatic, {
      root: uiDir,
      prefix: '/',
      index: 'index.html',
      redirect: true,
      cacheControl: false,
      dotfiles: 'deny',
      setHeaders: (res, path) => {
        res.setHeader('content-security-policy', UI_CONTENT_SECURITY_POLICY);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        // Vite puts content-hashed files under assets/; everything else may change between builds.
        const hashed = path.replace(/\\/g, '/').includes('/assets/');
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    ui.setNotFoundHandler(async (request, reply) => {
      const last = request.url.split('?')[0]?.split('/').pop() ?? '';
      if ((request.method === 'GET' || request.method === 'HEAD') && !last.includes('.')) {
        return reply.sendFile('index.html');
      }
      return sendError(reply, { status: 404, code: 'NotFound', message: 'Not found', extra: {}, unexpected: false });
    });
  }, { prefix: '/-/ui' });
}
