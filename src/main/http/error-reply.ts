import type { FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import { isAppError, type ErrorCode } from '../../shared/errors.js';

/** Our error codes (NotFound is the one for a URL no route matches). */
export type ReplyErrorCode = ErrorCode;

export interface ErrorReply {
  readonly status: number;
  readonly code: ReplyErrorCode;
  readonly message: string;
  /** Extra JSON fields some clients read (for example `url` on a 409 from repo creation). */
  readonly extra: Readonly<Record<string, string>>;
  /** Unexpected failures are logged with their stack; expected ones are not. */
  readonly unexpected: boolean;
}

const INTERNAL_MESSAGE = 'Internal server error';

/** Maps anything thrown by a route or by Fastify to the HF error shape. */
export function toErrorReply(error: unknown): ErrorReply {
  if (isAppError(error)) {
    return { status: error.status, code: error.code, message: error.message, extra: error.details, unexpected: error.status >= 500 };
  }
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return { status: 400, code: 'BadRequest', message: message || 'Invalid request', extra: {}, unexpected: false };
  }
  const status = clientErrorStatus(error);
  if (status !== undefined && error instanceof Error) {
    const code: ReplyErrorCode = status === 413 ? 'PayloadTooLarge' : status === 404 ? 'NotFound' : 'BadRequest';
    return { status: code === 'BadRequest' ? 400 : status, code, message: error.message, extra: {}, unexpected: false };
  }
  return { status: 500, code: 'Internal', message: INTERNAL_MESSAGE, extra: {}, unexpected: true };
}

/** Fastify's own 4xx errors (validation, body parsing, size limits) carry a statusCode. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, validation, code } = error as { statusCode?: unknown; validation?: unknown; code?: unknown };
  if (validation !== undefined) return 400;
  const fromFastify = typeof code === 'string' && code.startsWith('FST_');
  if (fromFastify && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  return undefined;
}

/** Header values must be ASCII; clients show this one to users, so keep it readable and short. */
export function asciiHeaderValue(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 1000 ? `${ascii.slice(0, 997)}...` : ascii;
}

export function sendError(reply: FastifyReply, error: ErrorReply): FastifyReply {
  return reply
    .status(error.status)
    .header('x-request-id', reply.request.id)
    .header('x-error-code', error.code)
    .header('x-error-message', asciiHeaderValue(error.message))
    .type('application/json; charset=utf-8')
    .send({ ...error.extra, error: error.message });
}
