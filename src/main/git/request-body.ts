import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

/**
 * The whole body of a negotiation request (wants, haves, commands), gunzipped when git sent it
 * with `Content-Encoding: gzip`. Capped after decompression, so a gzip bomb stops at the cap.
 */
export async function readRequestBody(request: FastifyRequest, limit: number): Promise<Buffer> {
  const source = requestBodyStream(request);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) {
        source.destroy();
        throw new AppError('PayloadTooLarge', `The request body is larger than ${limit} bytes`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('BadRequest', `Could not read the request body: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks);
}

/** The request body as a stream, gunzipped when sent with `Content-Encoding: gzip` (415 for other encodings). */
export function requestBodyStream(request: FastifyRequest): Readable {
  const encoding = (request.headers['content-encoding'] ?? '').toLowerCase().trim();
  if (encoding === 'gzip' || encoding === 'x-gzip') return request.raw.pipe(createGunzip());
  if (encoding !== '' && encoding !== 'identity') {
    throw new AppError('BadRequest', `Unsupported Content-Encoding "${encoding}"`, {}, { status: 415 });
  }
  return request.raw;
}
