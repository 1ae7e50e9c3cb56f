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

/**
 * A JSON body for routes whose clients may send none (Python's DELETE, git-lfs): strict UTF-8, an
 * empty body is `undefined`, invalid JSON a BadRequest (with `message` for git-lfs to print).
 */
export function optionalJsonBody(body: string | Buffer): unknown {
  const text = bodyText(body);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BadRequest', 'The request body is not valid JSON', { message: 'The request body is not valid JSON' });
  }
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
