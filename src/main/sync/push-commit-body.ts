import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { objectHeader } from '../../shared/git-objects.js';

/** One operation of a pushed commit; a regular file's bytes are read only while the body is sent. */
export type PushOperation =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly content: { readonly data: Uint8Array } | { readonly file: string };
      /** Compute the git blob oid of the content as it is sent (the store knows only its sha256: an LFS file the remote keeps regular). */
      readonly hashGitOid?: boolean;
    }
  | { readonly kind: 'lfsFile'; readonly path: string; readonly sha256: string; readonly size: number }
  | { readonly kind: 'deletedFile'; readonly path: string };

export interface PushCommitHeader {
  readonly summary: string;
  readonly description: string;
  readonly parentCommit: string;
}

/** Base64 needs whole groups of 3 bytes per chunk so that the chunks' encodings concatenate. */
const BASE64_CHUNK = 3 * 256 * 1024;

/**
 * The NDJSON commit body (HF-PROTOCOL.md §4.4), produced line by line and, for a regular file,
 * chunk by chunk: memory stays flat whatever the number and size of the files. `onSent` is told
 * the raw bytes of each regular file once its line is out (and its git blob oid, when asked for).
 */
export async function* commitBody(header: PushCommitHeader, operations: readonly PushOperation[], onSent: FileSent): AsyncGenerator<Buffer> {
  yield line({ key: 'header', value: header });
  for (const operation of operations) {
    if (operation.kind === 'deletedFile') yield line({ key: 'deletedFile', value: { path: operation.path } });
    else if (operation.kind === 'lfsFile') yield line({ key: 'lfsFile', value: { path: operation.path, algo: 'sha256', oid: operation.sha256, size: operation.size } });
    else yield* fileLine(operation, onSent);
  }
}

/** Told of each regular file once its line is out: its path, raw bytes, and git blob oid when it was asked for. */
export type FileSent = (bytes: number, path: string, gitOid: string | undefined) => void;

async function* fileLine(operation: PushOperation & { kind: 'file' }, onSent: FileSent): AsyncGenerator<Buffer> {
  const { path, content } = operation;
  yield Buffer.from(`{"key":"file","value":{"path":${JSON.stringify(path)},"encoding":"base64","content":"`);
  let bytes = 0;
  let gitHash: ReturnType<typeof createHash> | undefined;
  if ('data' in content) {
    const data = Buffer.from(content.data.buffer, content.data.byteOffset, content.data.byteLength);
    if (operation.hashGitOid === true) gitHash = createHash('sha1').update(objectHeader('blob', data.length)).update(data);
    yield Buffer.from(data.toString('base64'));
    bytes = content.data.byteLength;
  } else {
    let carry = Buffer.alloc(0);
    if (operation.hashGitOid === true) gitHash = createHash('sha1').update(objectHeader('blob', (await stat(content.file)).size));
    for await (const chunk of createReadStream(content.file, { highWaterMark: BASE64_CHUNK }) as AsyncIterable<Buffer>) {
      gitHash?.update(chunk);
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const whole = joined.length - (joined.length % 3);
      if (whole > 0) yield Buffer.from(joined.subarray(0, whole).toString('base64'));
      carry = Buffer.from(joined.subarray(whole));
      bytes += chunk.length;
    }
    if (carry.length > 0) yield Buffer.from(carry.toString('base64'));
  }
  yield Buffer.from('"}}\n');
  onSent(bytes, path, gitHash?.digest('hex'));
}

function line(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`);
}
