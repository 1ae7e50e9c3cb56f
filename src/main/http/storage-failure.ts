import { AppError, type ErrorCode } from '../../shared/errors.js';

interface StorageFailure {
  readonly status: number;
  readonly code: ErrorCode;
  /** What the server's operator must fix; told to the client without the paths the log keeps. */
  readonly message: string;
}

const FULL = 'nothing was stored; free space for the hub\'s data folder (or raise the quota or file size limit), then retry';
const BROKEN = 'nothing was stored; the server\'s operator must fix this (the server log names the file)';

/** System error codes of a disk that cannot take the bytes, and of one the hub may not or cannot write. */
const FAILURES: Readonly<Record<string, StorageFailure>> = {
  ENOSPC: { status: 507, code: 'InsufficientStorage', message: `The hub's disk is full (ENOSPC): ${FULL}` },
  EDQUOT: { status: 507, code: 'InsufficientStorage', message: `The hub's disk quota is used up (EDQUOT): ${FULL}` },
  EFBIG: { status: 507, code: 'InsufficientStorage', message: `The file is larger than the hub's file size limit (EFBIG): ${FULL}` },
  EACCES: { status: 500, code: 'Internal', message: `The hub may not write to its data folder (EACCES, permission denied): ${BROKEN}` },
  EPERM: { status: 500, code: 'Internal', message: `The hub may not write to its data folder (EPERM, operation not permitted): ${BROKEN}` },
  EROFS: { status: 500, code: 'Internal', message: `The hub's data folder is on a read-only file system (EROFS): ${BROKEN}` },
  EIO: { status: 500, code: 'Internal', message: `The hub's disk reported an I/O error (EIO): ${BROKEN}` },
  ENOTDIR: { status: 500, code: 'Internal', message: `A folder of the hub's data folder is not a folder (ENOTDIR): ${BROKEN}` },
};

/**
 * The storage failure behind an error (its system error code, or its causes'), as the AppError
 * the client gets (status 507 or 500; the original error stays its cause, for the log), if it is one.
 */
export function storageFailureOf(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    const failure = typeof code === 'string' && Object.hasOwn(FAILURES, code) ? FAILURES[code] : undefined;
    if (failure) return new AppError(failure.code, failure.message, {}, { status: failure.status, cause: error });
    current = cause;
  }
  return undefined;
}
