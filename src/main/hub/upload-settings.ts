/** How the hub hands out LFS transfers. */
export interface UploadSettings {
  /**
   * Objects of at least this many bytes get HF multipart uploads when the client offers
   * "multipart"; 0 never offers them (one streamed PUT is the fastest path on loopback).
   */
  readonly multipartThreshold: number;
  /** Bytes per part of a multipart upload. */
  readonly multipartChunkSize: number;
  /** How long signed transfer URLs stay valid. */
  readonly urlTtlSeconds: number;
}

export const DEFAULT_UPLOAD_SETTINGS: UploadSettings = {
  multipartThreshold: 0,
  multipartChunkSize: 64 * 1024 * 1024,
  urlTtlSeconds: 3600,
};

/** HF and S3 number parts 1..10000. */
export const MAX_PARTS = 10_000;

export function uploadSettings(partial: Partial<UploadSettings> | undefined): UploadSettings {
  return { ...DEFAULT_UPLOAD_SETTINGS, ...partial };
}

/** Whether to offer a multipart upload for an object, and with what part size. */
export function multipartChunkFor(settings: UploadSettings, size: number): number | undefined {
  if (settings.multipartThreshold <= 0 || size < settings.multipartThreshold || size === 0) return undefined;
  // Parts are capped in number, so very large objects get larger parts.
  return Math.max(settings.multipartChunkSize, Math.ceil(size / MAX_PARTS));
}
