import { AppError } from '../../shared/errors.js';
import { describeUrl, type UpstreamClient } from '../upstream/index.js';
import { normalizeEtag } from '../transfer/index.js';

export interface FileMetadata {
  /** The commit the revision resolved to (`X-Repo-Commit`). */
  readonly commit: string;
  /** `X-Linked-Etag` or `ETag`, without `W/` and quotes: the blob's name in the cache. */
  readonly etag: string;
  readonly size: number;
  /** Where to GET the bytes: the redirect target, or the URL that answered. */
  readonly location: string;
}

export interface FileMetadataOptions {
  readonly token?: string;
  readonly signal?: AbortSignal;
  /** Seconds to wait for the answer (HF_HUB_ETAG_TIMEOUT). */
  readonly timeoutMs?: number;
}

/**
 * Python's `get_hf_file_metadata`: HEAD without following absolute redirects (relative ones,
 * from renamed repos, are followed with the path only), then commit, normalised etag and size
 * from the last response, where size is `X-Linked-Size`, or `Content-Length` unless the
 * response is a redirect. A missing field is an error, as in Python (FileMetadataError).
 */
export async function fileMetadata(client: UpstreamClient, url: string, options: FileMetadataOptions = {}): Promise<FileMetadata> {
  const response = await client.request(url, {
    method: 'HEAD',
    redirects: 'relative',
    headers: { 'accept-encoding': 'identity' },
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { headersTimeoutMs: options.timeoutMs }),
  });
  await response.dump();
  const redirect = response.status >= 300 && response.status < 400;
  const commit = response.header('x-repo-commit');
  const rawEtag = response.header('x-linked-etag') ?? response.header('etag');
  const rawSize = response.header('x-linked-size') ?? (redirect ? undefined : response.header('content-length'));
  const location = redirect ? response.header('location') : undefined;
  const missing = [commit === undefined && 'commit (X-Repo-Commit)', rawEtag === undefined && 'etag', rawSize === undefined && 'size'].filter(Boolean);
  if (missing.length > 0 || commit === undefined || rawEtag === undefined || rawSize === undefined) {
    throw new AppError(
      'UpstreamUnavailable',
      `The hub did not send the file's ${missing.join(', ')} for ${describeUrl(response.url)}; the file cannot be downloaded safely`,
    );
  }
  const size = Number(rawSize);
  if (!Number.isSafeInteger(size) || size < 0) throw new AppError('UpstreamUnavailable', `Invalid file size "${rawSize}" from ${describeUrl(response.url)}`);
  return {
    commit,
    etag: normalizeEtag(rawEtag),
    size,
    location: location === undefined ? response.url : new URL(location, response.url).toString(),
  };
}
