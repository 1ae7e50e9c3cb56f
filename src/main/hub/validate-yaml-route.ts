import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { asciiHeaderValue, toErrorReply } from '../http/index.js';
import { readFrontMatter } from './card-data.js';
import { checkCardMetadata } from './card-metadata-check.js';

const body = z.looseObject({ content: z.string(), repoType: z.string().nullish() });

/**
 * `POST /api/validate-yaml`: Python calls it whenever a commit holds README.md and reads the
 * body as JSON before looking at the status, so every answer is JSON, even for a body that is
 * not JSON at all. Registered in its own scope, which parses any body as text itself. Invalid YAML
 * or a known field with a wrong value is a 400 with `errors`; a card without metadata a warning.
 */
export function registerValidateYamlRoute(app: FastifyInstance): void {
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, next) => next(null, text));
    scope.post('/api/validate-yaml', { errorHandler: sendYamlError }, (request, reply) => {
      const parsed = body.safeParse(parseJson(request.body));
      if (!parsed.success) return invalid(reply, 400, 'BadRequest', 'The body must be JSON like {"content": "<README text>", "repoType": "model"}');
      const { data, errors: yamlErrors, warnings } = readFrontMatter(parsed.data.content);
      if (yamlErrors.length > 0) {
        return invalid(reply, 400, 'BadRequest', `Invalid YAML metadata in README.md: ${yamlErrors.join('; ')}`, yamlErrors, warnings);
      }
      const problems = checkCardMetadata(data);
      if (problems.errors.length > 0) {
        return invalid(reply, 400, 'BadRequest', `Invalid metadata in README.md: ${problems.errors.join('; ')}`, problems.errors);
      }
      return { errors: [], warnings: [...warnings, ...problems.warnings].map((message) => ({ message })) };
    });
    done();
  });
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sendYamlError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const mapped = toErrorReply(error);
  invalid(reply, mapped.status, mapped.code, mapped.message);
}

function invalid(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  errors: readonly string[] = [message],
  warnings: readonly string[] = [],
): FastifyReply {
  return reply
    .status(status)
    .header('x-error-code', code)
    .header('x-error-message', asciiHeaderValue(message))
    .type('application/json; charset=utf-8')
    .send({ error: message, errors: errors.map((text) => ({ message: text })), warnings: warnings.map((text) => ({ message: text })) });
}
