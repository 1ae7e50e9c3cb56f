import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export interface CreateLoggerOptions {
  readonly dataDir: string;
  readonly level: LogLevel;
  /** Also write every line to the console: true for stderr, or a stream of your choice. */
  readonly console?: boolean | DestinationStream;
}

export interface LoggerHandle {
  /** The root logger; give each component `logger.child({ component })`. */
  readonly logger: Logger;
  readonly file: string;
  /** Flushes buffered lines and closes the file. */
  close(): Promise<void>;
}

const REDACTED = '[redacted]';

/** Fields that may hold credentials, wherever a component logs them (at any depth up to REDACT_DEPTH). */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'authorization', 'cookie', 'set-cookie', 'token', 'plainToken', 'accessToken', 'bootstrapToken', 'password', 'secret',
]);
const REDACT_DEPTH = 4;

/**
 * The log object with secret fields replaced, copied only along the paths that hold one. Done
 * here rather than with pino's `redact` paths: wildcard paths cost 6.5 us per line, more than
 * the rest of a request line, and this walk of a few keys well under one.
 */
export function redactSecrets(object: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    let replaced: unknown = value;
    if (SECRET_FIELDS.has(key) && value !== undefined && value !== null) replaced = REDACTED;
    else if (depth < REDACT_DEPTH && isPlainObject(value)) replaced = redactSecrets(value, depth + 1);
    if (replaced !== value) {
      copy ??= { ...object };
      copy[key] = replaced;
    }
  }
  return copy ?? object;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Second line of defence for tokens that reach a message or URL rather than a known field.
const CREDENTIAL_TEXT = /\bhf_[A-Za-z0-9_-]{16,}|\b([Bb]earer|[Bb]asic)\s+[A-Za-z0-9._~+/=-]+/g;

/** Replaces anything that looks like a credential in free text. */
export function scrubCredentials(text: string): string {
  return text.replace(CREDENTIAL_TEXT, (_match, scheme: string | undefined) => (scheme ? `${scheme} ${REDACTED}` : `hf_${REDACTED}`));
}

const SECRET_QUERY_KEY = /token|sig|signature|secret|password|key|auth/i;

/** A request URL safe to log: secret-looking query values are dropped. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY_KEY.test(key)) params.set(key, REDACTED);
  }
  return `${url.slice(0, query)}?${params.toString()}`;
}

/**
 * JSON-lines logger writing to `<dataDir>/logs/hubkeeper.log` (and optionally the console),
 * with ISO times, level names and credential redaction.
 */
export function createLogger(options: CreateLoggerOptions): LoggerHandle {
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'hubkeeper.log');
  // Lines go out in writes of 4 KiB or every 200 ms: a write per line (a request line on every
  // request) cost the hub more than parsing the request.
  const fileStream = pino.destination({ dest: file, sync: false, append: true, minLength: 4096, periodicFlush: 200 });
  const streams = [{ level: options.level, stream: fileStream as DestinationStream }];
  if (options.console === true) streams.push({ level: options.level, stream: pino.destination({ fd: 2, sync: true }) });
  else if (options.console) streams.push({ level: options.level, stream: options.console });

  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (object) => redactSecrets(object) },
      hooks: { streamWrite: scrubCredentials },
    },
    // One stream needs no multistream (it costs half a microsecond a line).
    streams.length === 1 ? fileStream : pino.multistream(streams),
  );

  let closing: Promise<void> | undefined;
  return {
    logger,
    file,
    close() {
      closing ??= new Promise<void>((resolve) => {
        fileStream.once('close', () => resolve());
        fileStream.once('error', () => resolve());
        fileStream.end();
      });
      return closing;
    },
  };
}
