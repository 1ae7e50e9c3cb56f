import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

/** One query parameter as a string: repeated parameters (`a=1&a=2`) give the last value. */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.[name];
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** The raw (still percent-encoded) path of a request, split into segments after the leading "/". */
export function rawPathSegments(request: FastifyRequest): string[] {
  const url = request.url;
  const end = url.indexOf('?');
  return (end === -1 ? url : url.slice(0, end)).split('/').slice(1);
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AppError('BadRequest', `Invalid percent-encoding in "${segment}"`);
  }
}

/**
 * Splits `<rev>/<path>` taken from a raw URL. Python sends the revision percent-encoded
 * (`refs%2Fpr%2F1`), JS raw (`refs/pr/1/sub/dir`): a raw `refs/<kind>/<name>` is taken as one revision.
 */
export function splitRevisionAndPath(rawSegments: readonly string[]): { revision: string; path: string } {
  const segments = rawSegments.map(decodeSegment);
  let take = 1;
  if (segments[0] === 'refs' && segments.length >= 3) take = 3;
  const revision = segments.slice(0, take).join('/');
  if (revision === '') throw new AppError('BadRequest', 'A revision is required');
  return { revision, path: segments.slice(take).join('/') };
}
