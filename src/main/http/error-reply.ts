import type { FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import { isAppError, type ErrorCode } from '../../shared/errors.js';
import { storageFailureOf } from './storage-failure.js';

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
  const status = carriedStatus(error);
  if (status !== undefined && status < 500 && error instanceof Error) {
    return { status, code: codeForStatus(status), message: error.message || 'Bad request', extra: {}, unexpected: false };
  }
  const storage = storageFailureOf(error);
  if (storage !== undefined) return { status: storage.status, code: storage.code, message: storage.message, extra: {}, unexpected: true };
  return { status: 500, code: 'Internal', message: INTERNAL_MESSAGE, extra: {}, unexpected: true };
}

/**
 * The HTTP status an error from Fastify or a plugin carries: `validation` (schema failures),
 * `statusCode` (Fastify's FST_ errors) or `status` (http-errors, as @fastify/static throws them).
 */
function carriedStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, status, validation } = error as { statusCode?: unknown; status?: unknown; validation?: unknown };
  if (validation !== undefined) return 400;
  const carried = typeof statusCode === 'number' ? statusCode : status;
  return typeof carried === 'number' && Number.isInteger(carried) && carried >= 400 && carried < 600 ? carried : undefined;
}

function codeForStatus(status: number): ReplyErrorCode {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 413:
      return 'PayloadTooLarge';
    case 422:
      return 'UnprocessableEntity';
    default:
      return 'BadRequest';
  }
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
