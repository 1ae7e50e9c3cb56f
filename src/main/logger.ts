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

/** Field paths that may hold credentials, wherever a component logs them. */
export const REDACT_PATHS: readonly string[] = [
  'authorization', '*.authorization', 'req.headers.authorization', 'request.headers.authorization',
  'cookie', '*.cookie', 'req.headers.cookie', 'request.headers.cookie',
  'res.headers["set-cookie"]', 'headers["set-cookie"]',
  'token', '*.token', 'plainToken', '*.plainToken', 'accessToken', '*.accessToken',
  'bootstrapToken', '*.bootstrapToken', 'password', '*.password', 'secret', '*.secret',
];

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
  const fileStream = pino.destination({ dest: file, sync: false, append: true });
  const streams = [{ level: options.level, stream: fileStream as DestinationStream }];
  if (options.console === true) streams.push({ level: options.level, stream: pino.destination({ fd: 2, sync: true }) });
  else if (options.console) streams.push({ level: options.level, stream: options.console });

  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      hooks: { streamWrite: scrubCredentials },
    },
    pino.multistream(streams),
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
