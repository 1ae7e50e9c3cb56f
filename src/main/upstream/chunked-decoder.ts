/** Longest chunk-size or trailer line accepted (extensions included). */
const MAX_LINE = 4096;

/**
 * Decodes a `Transfer-Encoding: chunked` body (RFC 9112 §7.1) fed in pieces as they are read:
 * hands each piece of data on, skips chunk extensions and trailers, and says when the last chunk
 * is through. Throws on a malformed framing.
 */
export class ChunkedDecoder {
  done = false;
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private line = '';
  private left = 0;

  /** Consumes `bytes`, giving data to `onData` (a view valid during the call); returns how many bytes follow the body's end. */
  feed(bytes: Buffer, onData: (data: Buffer) => void): number {
    let at = 0;
    while (at < bytes.length && !this.done) {
      if (this.state === 'data') {
        const take = Math.min(this.left, bytes.length - at);
        onData(bytes.subarray(at, at + take));
        at += take;
        this.left -= take;
        if (this.left === 0) this.state = 'data-end';
        continue;
      }
      const end = bytes.indexOf(0x0a, at);
      const upTo = end < 0 ? bytes.length : end;
      this.line += bytes.toString('latin1', at, upTo);
      if (this.line.length > MAX_LINE) throw new Error('a chunked body has a line too long');
      at = upTo;
      if (end < 0) break;
      at += 1;
      const text = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
      this.line = '';
      this.lineDone(text);
    }
    return bytes.length - at;
  }

  private lineDone(text: string): void {
    if (this.state === 'data-end') {
      if (text !== '') throw new Error('a chunk of a chunked body is longer than its size');
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = text.split(';', 1)[0]?.trim() ?? '';
      if (!/^[0-9a-f]{1,12}$/i.test(size)) throw new Error(`a chunked body has an invalid chunk size "${size.slice(0, 20)}"`);
      this.left = Number.parseInt(size, 16);
      this.state = this.left === 0 ? 'trailer' : 'data';
    } else if (text === '') {
      this.done = true;
    }
  }
}
