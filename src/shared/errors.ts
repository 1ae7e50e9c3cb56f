/**
 * Error codes reuse the Hugging Face Hub's `X-Error-Code` values where one exists, so that
 * `huggingface_hub` and `@huggingface/hub` map our errors to their own exception types.
 */
export const ERROR_STATUS = {
  RepoNotFound: 404,
  RevisionNotFound: 404,
  EntryNotFound: 404,
  GatedRepo: 403,
  BadRequest: 400,
  InvalidRepoName: 400,
  InvalidPath: 400,
  Unauthorized: 401,
  Forbidden: 403,
  Conflict: 409,
  RepoExists: 409,
  ParentCommitMismatch: 412,
  PayloadTooLarge: 413,
  QuotaExceeded: 413,
  UnprocessableEntity: 422,
  IntegrityError: 422,
  NotFound: 404,
  NotImplemented: 501,
  /** A remote hub kept failing (5xx, network errors) after retries. */
  UpstreamUnavailable: 502,
  /** A remote hub kept answering 429 after waiting as told. */
  RateLimited: 429,
  /** Offline (or the hub unreachable) and the file is not in the local cache. */
  LocalEntryNotFound: 404,
  /** Not enough free disk space for a download. */
  InsufficientStorage: 507,
  /** A server setting (LFS threshold, bind address) given in the UI is not valid. */
  InvalidSetting: 400,
  /** A start option or environment variable fixes this setting for the running server. */
  SettingLocked: 409,
  SchemaTooNew: 500,
  Internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, string>>;

  /** `options.status` overrides the code's usual status (HF answers RepoNotFound with 401 to anonymous callers). */
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, string> = {},
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options?.status ?? ERROR_STATUS[code];
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
