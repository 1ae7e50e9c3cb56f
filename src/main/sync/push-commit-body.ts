import { createReadStream } from 'node:fs';

/** One operation of a pushed commit; a regular file's bytes are read only while the body is sent. */
export type PushOperation =
  | { readonly kind: 'file'; readonly path: string; readonly content: { readonly data: Uint8Array } | { readonly file: string } }
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
 * the raw bytes of each regular file once its line is out.
 */
export async function* commitBody(header: PushCommitHeader, operations: readonly PushOperation[], onSent: (bytes: number) => void): AsyncGenerator<Buffer> {
  yield line({ key: 'header', value: header });
  for (const operation of operations) {
    if (operation.kind === 'deletedFile') yield line({ key: 'deletedFile', value: { path: operation.path } });
    else if (operation.kind === 'lfsFile') yield line({ key: 'lfsFile', value: { path: operation.path, algo: 'sha256', oid: operation.sha256, size: operation.size } });
    else yield* fileLine(operation.path, operation.content, onSent);
  }
}

async function* fileLine(path: string, content: { readonly data: Uint8Array } | { readonly file: string }, onSent: (bytes: number) => void): AsyncGenerator<Buffer> {
  yield Buffer.from(`{"key":"file","value":{"path":${JSON.stringify(path)},"encoding":"base64","content":"`);
  let bytes = 0;
  if ('data' in content) {
    yield Buffer.from(Buffer.from(content.data.buffer, content.data.byteOffset, content.data.byteLength).toString('base64'));
    bytes = content.data.byteLength;
  } else {
    let carry = Buffer.alloc(0);
    for await (const chunk of createReadStream(content.file, { highWaterMark: BASE64_CHUNK }) as AsyncIterable<Buffer>) {
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const whole = joined.length - (joined.length % 3);
      if (whole > 0) yield Buffer.from(joined.subarray(0, whole).toString('base64'));
      carry = Buffer.from(joined.subarray(whole));
      bytes += chunk.length;
    }
    if (carry.length > 0) yield Buffer.from(carry.toString('base64'));
  }
  yield Buffer.from('"}}\n');
  onSent(bytes);
}

function line(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`);
}
