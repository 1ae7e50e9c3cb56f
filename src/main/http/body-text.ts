import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { decodeUtf8 } from '../../shared/utf8.js';

/** A request body as text; bytes that are not UTF-8 are refused, never replaced by U+FFFD. */
export function bodyText(body: string | Buffer): string {
  if (typeof body === 'string') return body;
  const text = decodeUtf8(body);
  if (text === undefined) throw new AppError('BadRequest', 'The request body is not valid UTF-8');
  return text;
}

/** Fastify's JSON parser (with its prototype-poisoning checks) behind a strict UTF-8 decode. */
export function registerStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = bodyText(body);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
