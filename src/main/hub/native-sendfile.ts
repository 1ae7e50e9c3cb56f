import type { Socket } from 'node:net';
import { loadNativeBinding } from '../native-binding.js';

/** What one `send` call did. */
export interface SendResult {
  /** Bytes that reached the socket. */
  readonly sent: number;
  /** 0, or the errno that stopped the transfer (ENODATA: the file ended early). */
  readonly errno: number;
  /** The socket is full: wait for `whenWritable` before the next call. */
  readonly blocked: boolean;
}

/** A file-to-socket transfer with sendfile(2), driven from the event loop's thread (native/sendfile.c). */
export interface NativeSender {
  /** Sends from `offset` until `length` bytes are out, `limit` were sent by this call, the socket is full, or an error. */
  send(offset: number, length: number, limit: number): SendResult;
  /** Calls back once the socket can take more bytes; `status` < 0 is a libuv error (the peer went away). */
  whenWritable(callback: (status: number) => void): void;
  /** Stops a wait (its callback is not called) and closes the sender's own descriptor of the socket. */
  close(): void;
}

interface NativeBinding {
  readonly Sender: new (socketFd: number, fileFd: number) => NativeSender;
}

function loadBinding(): NativeBinding | undefined {
  const binding = loadNativeBinding<Partial<NativeBinding>>();
  return binding?.Sender ? (binding as NativeBinding) : undefined;
}

/** Set HUBKEEPER_NO_SENDFILE=1 to serve through memory copies (tests of both paths; a fallback if a kernel misbehaves). */
export function createNativeSender(socket: Socket, fileFd: number): NativeSender | undefined {
  if (process.env.HUBKEEPER_NO_SENDFILE === '1') return undefined;
  const socketFd = plainSocketFd(socket);
  const native = loadBinding();
  return native && socketFd !== undefined ? new native.Sender(socketFd, fileFd) : undefined;
}

/** The descriptor of a plain TCP socket; undefined for TLS (bytes must be encrypted) or when libuv does not expose one. */
function plainSocketFd(socket: Socket): number | undefined {
  if ('encrypted' in socket || socket.destroyed) return undefined;
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** Whether downloads can go out with sendfile(2) here (the binding is built and loads). */
export function zeroCopyAvailable(): boolean {
  return loadBinding() !== undefined;
}
