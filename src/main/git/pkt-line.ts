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
    const header = body.toString('latin1', at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(header)) throw new GitProtocolError(`bad pkt-line length "${printable(header)}"`);
    const length = Number.parseInt(header, 16);
    if (length === 0) yield { kind: 'flush' };
    else if (length === 1) yield { kind: 'delim' };
    else if (length === 2) yield { kind: 'response-end' };
    else if (length < 4 || length > MAX_PKT_LENGTH) throw new GitProtocolError(`bad pkt-line length ${length}`);
    else {
      if (at + length > body.length) throw new GitProtocolError('truncated pkt-line');
      yield { kind: 'data', payload: body.subarray(at + 4, at + length) };
    }
    at += length < 4 ? 4 : length;
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
