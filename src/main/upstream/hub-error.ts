import { AppError, type ErrorCode } from '../../shared/errors.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The HF `X-Error-Code` values we map one to one. */
const HUB_CODES: ReadonlySet<string> = new Set(['RepoNotFound', 'RevisionNotFound', 'EntryNotFound', 'GatedRepo']);

/**
 * Turns a failed hub response into an AppError carrying HF's error code (`X-Error-Code`), the
 * server's message (`X-Error-Message`, else the JSON `error`/`message`), the status, and the
 * request id, the way both HF clients report errors.
 */
export function hubError(status: number, headers: Headers, bodyText: string, url: string): AppError {
  const code = errorCode(status, header(headers, 'x-error-code'));
  const message = errorMessage(headers, bodyText) ?? `${status} from ${describeUrl(url)}`;
  const requestId = header(headers, 'x-request-id') ?? header(headers, 'x-amzn-trace-id') ?? header(headers, 'x-amz-cf-id');
  const details: Record<string, string> = { url: describeUrl(url), status: String(status) };
  if (requestId) details.requestId = requestId;
  const commit = header(headers, 'x-repo-commit');
  if (commit) details.commit = commit;
  const suffix = requestId ? ` (Request ID: ${requestId})` : '';
  return new AppError(code, `${message}${suffix}`, details, { status });
}

function errorCode(status: number, headerCode: string | undefined): ErrorCode {
  if (headerCode && HUB_CODES.has(headerCode)) return headerCode as ErrorCode;
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 409) return 'Conflict';
  if (status === 412) return 'ParentCommitMismatch';
  if (status === 429) return 'RateLimited';
  if (status >= 500) return 'UpstreamUnavailable';
  if (status >= 400 && status < 500) return 'BadRequest';
  return 'UpstreamUnavailable';
}

function errorMessage(headers: Headers, bodyText: string): string | undefined {
  const fromHeader = header(headers, 'x-error-message');
  if (fromHeader) return fromHeader;
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const error = record.error ?? record.message;
      if (typeof error === 'string' && error !== '') return error;
      if (Array.isArray(error) && typeof error[0] === 'string') return error.join('; ');
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return undefined;
}

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** The URL without its query (signed CDN URLs carry credentials there). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}
