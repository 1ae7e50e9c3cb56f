import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { decodeUtf8, isWellFormedText } from '../../shared/utf8.js';

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
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BadRequest', 'The request body is not valid JSON', { message: 'The request body is not valid JSON' });
  }
  checkJsonText(value);
  return value;
}

/**
 * Refuses a parsed JSON value holding a string or key that is not Unicode text: a `"\ud800"`
 * escape decodes to a lone surrogate, which SQLite and git would store as U+FFFD, not as sent.
 */
export function checkJsonText(value: unknown, where = 'The request body'): void {
  // A stack, not recursion: a deeply nested body must not overflow the call stack.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (!isWellFormedText(next)) throw notText(where);
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (!isWellFormedText(key)) throw notText(where);
        pending.push(item);
      }
    }
  }
}

function notText(where: string): AppError {
  return new AppError('BadRequest', `${where} holds a string that is not valid Unicode (a lone surrogate, such as "\\ud800")`);
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
    void parseJson(request, text, (error, value) => {
      if (error) {
        done(error, undefined);
        return;
      }
      try {
        checkJsonText(value);
      } catch (refused) {
        done(refused as Error, undefined);
        return;
      }
      done(null, value);
    });
  });
}
