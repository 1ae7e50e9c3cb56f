/** Where a download's body goes, chunk by chunk, with backpressure. */
export interface BodySink {
  /**
   * Takes all of `chunk` (the caller reuses its memory once this returns). Returns false to ask
   * the sender to pause until `drained()` resolves. May throw to abort the transfer.
   */
  write(chunk: Uint8Array): boolean;
  drained(): Promise<void>;
  /**
   * Optional zero-copy receiving: memory the next bytes may be read straight into (undefined
   * when there is no room now). The sender then calls `commit` with how many bytes it put there.
   */
  reserve?(): Uint8Array | undefined;
  /** Accepts `bytes` read into the last reserved memory; false asks for a pause, as `write`. */
  commit?(bytes: number): boolean;
}

export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** Status and headers of a response, before its body. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: HeaderMap;
  /** The URL that answered (after followed redirects). */
  readonly url: string;
  header(name: string): string | undefined;
}

/** Keeps the first `limit` bytes of a body (error messages). */
export class CollectingSink implements BodySink {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = 64 * 1024) {}

  write(chunk: Uint8Array): boolean {
    if (this.size < this.limit) {
      const keep = Buffer.from(chunk.subarray(0, this.limit - this.size));
      this.chunks.push(keep);
      this.size += keep.length;
    }
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
