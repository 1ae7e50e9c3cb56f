/**
 * git's pkt-line framing (gitprotocol-common): four hex digits giving the whole packet's length,
 * then the payload. `0000` flush, `0001` delim and `0002` response-end carry no payload.
 */

/** The longest packet git sends or accepts, header included. */
export const MAX_PKT_LENGTH = 65520;
/** The most payload one side-band packet carries after its band byte. */
export const MAX_SIDEBAND_DATA = MAX_PKT_LENGTH - 5;

export const FLUSH_PKT = Buffer.from('0000');
export const DELIM_PKT = Buffer.from('0001');

export type Packet =
  | { readonly kind: 'data'; readonly payload: Buffer }
  | { readonly kind: 'flush' }
  | { readonly kind: 'delim' }
  | { readonly kind: 'response-end' };

/** A request that breaks the wire format; answered with a 400 or an `ERR` packet, never a 500. */
export class GitProtocolError extends Error {
  override readonly name = 'GitProtocolError';
}

/** One data packet; text payloads are sent as given (callers add the trailing LF). */
export function pktLine(payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const length = body.length + 4;
  if (length > MAX_PKT_LENGTH) throw new Error(`pkt-line payload of ${body.length} bytes is too long`);
  return Buffer.concat([Buffer.from(length.toString(16).padStart(4, '0')), body]);
}

/** A side-band packet: the band byte (1 data, 2 progress, 3 fatal error) then the bytes. */
export function sidebandPkt(band: 1 | 2 | 3, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return pktLine(Buffer.concat([Buffer.of(band), body]));
}

/** `ERR <message>`: git aborts with "remote error: <message>". */
export function errPkt(message: string): Buffer {
  return pktLine(`ERR ${message}\n`);
}

/** Splits a whole request body into packets; a bad length or a truncated packet is a GitProtocolError. */
export function* readPackets(body: Buffer): Generator<Packet> {
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 4) throw new GitProtocolError('truncated pkt-line length');
    const length = pktLength(body.toString('latin1', at, at + 4));
    if (length === 0) yield { kind: 'flush' };
    else if (length === 1) yield { kind: 'delim' };
    else if (length === 2) yield { kind: 'response-end' };
    else {
      if (at + length > body.length) throw new GitProtocolError('truncated pkt-line');
      yield { kind: 'data', payload: body.subarray(at + 4, at + length) };
    }
    at += length < 4 ? 4 : length;
  }
}

/** The length a 4-digit pkt-line header gives (0-2 special packets, else 4..MAX_PKT_LENGTH); GitProtocolError otherwise. */
export function pktLength(header: string): number {
  if (!/^[0-9a-fA-F]{4}$/.test(header)) throw new GitProtocolError(`bad pkt-line length "${printable(header)}"`);
  const length = Number.parseInt(header, 16);
  if (length === 3 || length > MAX_PKT_LENGTH) throw new GitProtocolError(`bad pkt-line length ${length}`);
  return length;
}

/**
 * Reads packets from a stream one at a time (a push's commands come before its pack), keeping
 * what follows for `rest()`.
 */
export class PacketStream {
  private buffered = Buffer.alloc(0);
  private ended = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(stream: AsyncIterable<Buffer>) {
    this.source = stream[Symbol.asyncIterator]();
  }

  /** The next packet, or undefined at the end of the body. */
  async next(): Promise<Packet | undefined> {
    if (!(await this.fill(4))) {
      if (this.buffered.length > 0) throw new GitProtocolError('truncated pkt-line length');
      return undefined;
    }
    const length = pktLength(this.buffered.toString('latin1', 0, 4));
    if (length < 4) {
      this.buffered = this.buffered.subarray(4);
      return { kind: length === 0 ? 'flush' : length === 1 ? 'delim' : 'response-end' };
    }
    if (!(await this.fill(length))) throw new GitProtocolError('truncated pkt-line');
    const payload = Buffer.from(this.buffered.subarray(4, length));
    this.buffered = this.buffered.subarray(length);
    return { kind: 'data', payload };
  }

  /** The bytes after the packets read so far. */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.buffered.length > 0) yield this.buffered;
    this.buffered = Buffer.alloc(0);
    while (!this.ended) {
      const step = await this.source.next();
      if (step.done) this.ended = true;
      else yield step.value;
    }
  }

  private async fill(size: number): Promise<boolean> {
    while (this.buffered.length < size && !this.ended) {
      const step = await this.source.next();
      if (step.done) this.ended = true;
      else this.buffered = Buffer.concat([this.buffered, step.value]);
    }
    return this.buffered.length >= size;
  }
}

/** A data packet's text with one trailing LF removed, as git's readers do. */
export function packetText(payload: Buffer): string {
  const text = payload.toString('utf8');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
