import type { ProxySettings } from './create-dispatcher.js';

/**
 * Whether a URL goes through a proxy under the settings, with the same rules as undici's
 * EnvHttpProxyAgent (which carries those requests): https uses HTTPS_PROXY, else HTTP_PROXY;
 * NO_PROXY lists `*`, host names (a leading `.` or `*.` matches subdomains) and `host:port`.
 */
export function proxyApplies(url: URL, proxy: ProxySettings | undefined): boolean {
  if (!proxy) return false;
  const via = url.protocol === 'https:' ? nonEmpty(proxy.httpsProxy) ?? nonEmpty(proxy.httpProxy) : nonEmpty(proxy.httpProxy);
  if (via === undefined) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const raw of (proxy.noProxy ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return false;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (match?.[1] ?? entry).replace(/^\*?\./, '');
    const entryPort = match?.[2] === undefined ? undefined : Number(match[2]);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return false;
  }
  return true;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
