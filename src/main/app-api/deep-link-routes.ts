import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DeepLinkResponse } from '../../shared/app-api.js';
import { parseDeepLink } from '../../shared/deep-link.js';
import { AppError } from '../../shared/errors.js';
import { SIGNED_IN } from './route-access.js';

const query = z.strictObject({ url: z.string().max(8192) });

/**
 * `GET /deep-link?url=`: the UI hands over a `hubkeeper://` link (from the desktop shell or a web
 * page's "Open in HubKeeper") and gets it back checked, or a 400 saying why not. Nothing is done
 * here: what the link asks for, the UI shows, and a download waits for the user's confirmation.
 */
export function registerDeepLinkRoutes(app: FastifyInstance): void {
  app.get('/deep-link', SIGNED_IN, (request): DeepLinkResponse => {
    const result = parseDeepLink(query.parse(request.query).url);
    if (!result.ok) throw new AppError('BadRequest', `Cannot open this link: ${result.problem}`);
    return { link: result.link };
  });
}
