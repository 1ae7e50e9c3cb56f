import { AppError, ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';

/** What `GET /health` tells the UI. Extra fields the core may add are ignored. */
export interface Health {
  readonly status: string;
  readonly version: string | undefined;
}

export interface ApiClient {
  getHealth(signal?: AbortSignal): Promise<Health>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorCode(value: string | null): value is ErrorCode {
  return value !== null && Object.hasOwn(ERROR_STATUS, value);
}

export function parseHealth(body: unknown): Health {
  if (!isRecord(body) || typeof body.status !== 'string') {
    throw new AppError('Internal', 'The core answered /health with an unexpected body');
  }
  return { status: body.status, version: typeof body.version === 'string' ? body.version : undefined };
}

/** Turns an error response into an AppError, preferring the core's X-Error-* headers. */
export async function errorFromResponse(response: Response): Promise<AppError> {
  const headerCode = response.headers.get('X-Error-Code');
  let message = response.headers.get('X-Error-Message');
  if (message === null && response.headers.get('Content-Type')?.startsWith('application/json') === true) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isRecord(body) && typeof body.error === 'string') message = body.error;
  }
  const code = isErrorCode(headerCode) ? headerCode : 'Internal';
  const text = message ?? `HTTP ${response.status} ${response.statusText}`.trim();
  return new AppError(code, text, { httpStatus: String(response.status) });
}

/** The renderer's only door to the core: relative URLs on the origin that served the UI. */
export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)): ApiClient {
  async function getJson(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    const response = await fetchImpl(path, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok) throw await errorFromResponse(response);
    return response.json();
  }

  return {
    async getHealth(signal) {
      return parseHealth(await getJson('/health', signal));
    },
  };
}
