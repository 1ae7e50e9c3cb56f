/**
 * Rules for the hub server's own settings (LFS threshold, bind address), shared so the Settings
 * screen can explain a bad value as it is typed and the core can refuse it with the same words.
 */

/** Below this, nearly every file would become an LFS object. */
export const MIN_LFS_THRESHOLD = 1024;
/** Above this, multi-gigabyte files would be kept as plain git blobs. */
export const MAX_LFS_THRESHOLD = 1024 * 1024 * 1024;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A threshold in bytes: a whole number from 1 KiB to 1 GiB. */
export function checkLfsThreshold(value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return { ok: false, problem: 'The LFS threshold must be a whole number of bytes' };
  }
  if (value < MIN_LFS_THRESHOLD || value > MAX_LFS_THRESHOLD) {
    return {
      ok: false,
      problem: `The LFS threshold must be from ${MIN_LFS_THRESHOLD.toLocaleString('en-US')} bytes (1 KiB) to ${MAX_LFS_THRESHOLD.toLocaleString('en-US')} bytes (1 GiB)`,
    };
  }
  return { ok: true, value };
}

export interface BindAddress {
  /** An IPv4 or IPv6 address (without brackets) or a host name. */
  readonly host: string;
  readonly port: number;
}

const EXAMPLES = 'such as 127.0.0.1:7870, 0.0.0.0:7870, [::1]:7870 or localhost:7870';

/** Parses "host:port" (IPv6 in brackets). */
export function parseBindAddress(text: string): Checked<BindAddress> {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(trimmed);
  let host: string;
  let portText: string;
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2] ?? '';
    if (!isIpv6(host)) return { ok: false, problem: `"${host}" is not an IPv6 address; write the address as host:port, ${EXAMPLES}` };
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon === -1) return { ok: false, problem: `The bind address needs a port: write it as host:port, ${EXAMPLES}` };
    host = trimmed.slice(0, colon);
    portText = trimmed.slice(colon + 1);
    if (host.includes(':')) {
      return isIpv6(host)
        ? { ok: false, problem: `Put an IPv6 address in brackets, such as [${host}]:${portText}` }
        : { ok: false, problem: `"${host}" is neither an IP address nor a host name; write the address as host:port, ${EXAMPLES}` };
    }
    if (host === '') return { ok: false, problem: `The bind address needs a host before the port, ${EXAMPLES}` };
    if (!isIpv4(host) && !isHostName(host)) {
      return { ok: false, problem: `"${host}" is neither an IP address nor a host name; write the address as host:port, ${EXAMPLES}` };
    }
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return { ok: false, problem: `The port must be a whole number from 1 to 65535 (got "${portText}")` };
  }
  return { ok: true, value: { host, port: Number(portText) } };
}

/** "host:port", with an IPv6 address in brackets. */
export function formatBindAddress(address: BindAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

function isIpv4(host: string): boolean {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return false;
  return parts.every((part) => Number(part) <= 255);
}

function isHostName(host: string): boolean {
  // All-numeric dotted names are mistyped IPv4 addresses, not host names.
  if (host.length > 253 || /^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

function isIpv6(host: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(host)) return false;
  let text = host;
  const lastColon = text.lastIndexOf(':');
  if (lastColon === -1) return false;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for two 16-bit groups.
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => {
    if (part === '') return [];
    const list = part.split(':');
    return list.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group)) ? list : undefined;
  };
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return false;
  const count = head.length + rest.length;
  return halves.length === 2 ? count <= 7 : count === 8;
}
