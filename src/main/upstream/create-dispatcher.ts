import type { Dispatcher } from 'undici';

export interface ProxySettings {
  /** Proxy for http:// URLs (HTTP_PROXY). */
  readonly httpProxy?: string;
  /** Proxy for https:// URLs (HTTPS_PROXY). */
  readonly httpsProxy?: string;
  /** Hosts that bypass the proxy (NO_PROXY syntax: comma-separated names, `.suffix`, `*`). */
  readonly noProxy?: string;
}

export interface DispatcherOptions {
  readonly proxy?: ProxySettings;
  /** Trusted certificate authorities (PEM) instead of Node's defaults (the client adds the defaults). */
  readonly ca?: string;
  /** Kept-alive connections per origin. */
  readonly connectionsPerOrigin: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

const KEEP_ALIVE_MS = 30_000;

/**
 * One connection pool per origin (undici's Agent), kept alive between requests, optionally
 * through a proxy. The proxy settings come from the config (HTTPS_PROXY / HTTP_PROXY / NO_PROXY)
 * and are passed explicitly so nothing here reads the environment.
 */
export async function createDispatcher(options: DispatcherOptions): Promise<Dispatcher> {
  const { Agent, EnvHttpProxyAgent } = await import('undici');
  const tls = options.ca === undefined ? {} : { ca: options.ca };
  const common = {
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: KEEP_ALIVE_MS,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connect: { timeout: options.connectTimeoutMs, ...tls },
  };
  const proxy = options.proxy;
  if (proxy && (nonEmpty(proxy.httpProxy) || nonEmpty(proxy.httpsProxy))) {
    return new EnvHttpProxyAgent({
      ...common,
      // Empty strings stop undici from reading the environment itself for an unset value.
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy ?? '',
      // http:// URLs go to an HTTP proxy in absolute form, as curl and httpx send them; https:// ones tunnel (CONNECT).
      proxyTunnel: false,
      requestTls: tls,
      proxyTls: tls,
    });
  }
  return new Agent(common);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
