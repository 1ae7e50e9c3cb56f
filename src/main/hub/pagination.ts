import { AppError } from '../../shared/errors.js';

/** A `Link` header to the next page: absolute URL and a space after `;`, as both clients parse it. */
export function nextLink(url: string): string {
  return `<${url}>; rel="next"`;
}

/** An opaque tree cursor: the last path of the previous page. */
export function encodeCursor(lastPath: string): string {
  return Buffer.from(lastPath, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const path = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (path === '' || path.includes('\uFFFD')) throw new AppError('BadRequest', 'Invalid cursor');
  return path;
}
