import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { NdjsonLine } from './ndjson-lines.js';

const SHA1 = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const headerValue = z.strictObject({
  summary: z.string(),
  description: z.string().nullish(),
  parentCommit: z.string().regex(SHA1, 'must be a 40-character commit id').nullish(),
});
const fileValue = z.strictObject({
  path: z.string(),
  content: z.string(),
  encoding: z.enum(['base64', 'utf-8']).optional(),
  /** In the JS API type: a rename that also replaces the content. */
  oldPath: z.string().optional(),
});
const lfsFileValue = z.strictObject({
  path: z.string(),
  algo: z.literal('sha256'),
  oid: z.string().regex(SHA256, 'must be 64 lowercase hex characters'),
  // Absent for Python copy operations: the stored object's size applies.
  size: z.number().int().nonnegative().optional(),
  oldPath: z.string().optional(),
});
const pathValue = z.strictObject({ path: z.string() });
const lineShape = z.strictObject({ key: z.string(), value: z.unknown() });

export interface CommitHeader {
  readonly summary: string;
  readonly description: string | undefined;
  readonly parentCommit: string | undefined;
}

/** One operation of an HF commit, validated, before the store sees it. */
export type PayloadOperation =
  | { readonly kind: 'file'; readonly path: string; readonly data: Buffer }
  | { readonly kind: 'lfsFile'; readonly path: string; readonly oid: string; readonly size: number | undefined }
  | { readonly kind: 'deletedFile'; readonly path: string }
  | { readonly kind: 'deletedFolder'; readonly path: string };

export interface CommitPayload {
  readonly header: CommitHeader;
  readonly operations: readonly PayloadOperation[];
}

/**
 * Reads the NDJSON commit body (HF wire protocol §4.4): a header line first, then operations.
 * Anything unknown or malformed is a 400 naming the line, before anything is written.
 */
export async function parseCommitPayload(lines: AsyncIterable<NdjsonLine>): Promise<CommitPayload> {
  let header: CommitHeader | undefined;
  const operations: PayloadOperation[] = [];
  for await (const line of lines) {
    const { key, value } = parseValue(lineShape, line.value, line.number, 'a line');
    if (header === undefined) {
      if (key !== 'header') throw new AppError('BadRequest', `Line ${line.number}: the first line must be the "header", not "${key}"`);
      const parsed = parseValue(headerValue, value, line.number, key);
      header = { summary: parsed.summary, description: parsed.description ?? undefined, parentCommit: parsed.parentCommit ?? undefined };
      continue;
    }
    operations.push(...parseOperation(key, value, line.number));
  }
  if (header === undefined) throw new AppError('BadRequest', 'The commit body is empty: expected a "header" line and operations');
  return { header, operations };
}

function parseOperation(key: string, value: unknown, number: number): PayloadOperation[] {
  switch (key) {
    case 'file': {
      const file = parseValue(fileValue, value, number, key);
      const data = decodeContent(file.content, file.encoding ?? 'utf-8', number);
      return [...renamed(file.oldPath, file.path), { kind: 'file', path: file.path, data }];
    }
    case 'lfsFile': {
      const file = parseValue(lfsFileValue, value, number, key);
      return [...renamed(file.oldPath, file.path), { kind: 'lfsFile', path: file.path, oid: file.oid, size: file.size }];
    }
    case 'deletedFile':
      return [{ kind: 'deletedFile', path: parseValue(pathValue, value, number, key).path }];
    case 'deletedFolder':
      // Python sends folder paths as given, often with a trailing "/".
      return [{ kind: 'deletedFolder', path: parseValue(pathValue, value, number, key).path.replace(/\/+$/, '') }];
    case 'header':
      throw new AppError('BadRequest', `Line ${number}: a commit has one "header", on the first line`);
    case 'copyFile':
      throw new AppError('BadRequest', `Line ${number}: "copyFile" is not supported; send the file again as "file" or "lfsFile"`);
    default:
      throw new AppError('BadRequest', `Line ${number}: unknown operation "${key.slice(0, 100)}"`);
  }
}

/** `oldPath` different from `path` moves the file: the old path is deleted in the same commit. */
function renamed(oldPath: string | undefined, path: string): PayloadOperation[] {
  return oldPath === undefined || oldPath === path ? [] : [{ kind: 'deletedFile', path: oldPath }];
}

function decodeContent(content: string, encoding: 'base64' | 'utf-8', number: number): Buffer {
  if (encoding === 'utf-8') return Buffer.from(content, 'utf8');
  if (content.length % 4 !== 0 || !BASE64.test(content)) {
    throw new AppError('BadRequest', `Line ${number}: "content" is not valid base64`);
  }
  return Buffer.from(content, 'base64');
}

function parseValue<T>(schema: z.ZodType<T>, value: unknown, number: number, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new AppError('BadRequest', `Line ${number} ("${what.slice(0, 100)}"): ${problems}`);
}
