import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { bodyText } from '../http/index.js';

/** Parses urlencoded bodies in `scope` (register it as its own plugin scope so other routes keep refusing forms). */
export function acceptFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, parsed) => {
    try {
      parsed(null, parseFormBody(bodyText(body)));
    } catch (error) {
      parsed(error as Error, undefined);
    }
  });
}

/**
 * A form body as an object; a repeated key (`paths=a&paths=b`) becomes an array. Percent-escapes
 * that are not UTF-8 are refused (URLSearchParams would turn them into U+FFFD).
 */
function parseFormBody(text: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeFormPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeFormPart(pair.slice(equals + 1));
    const existing = body[key];
    body[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return body;
}

function decodeFormPart(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new AppError('BadRequest', 'The form body has an invalid percent-escape (not UTF-8)');
  }
}
