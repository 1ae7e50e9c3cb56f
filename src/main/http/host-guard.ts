import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** A host as it appears in a URL or a Host header: IPv6 addresses get brackets. */
export function formatUrlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Whether a Host header names this server. Anything else is refused, so that a web page whose
 * domain an attacker re-points at 127.0.0.1 (DNS rebinding) cannot talk to the hub.
 * Loopback binds accept every loopback spelling; wildcard binds accept any host.
 */
export function isHostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (isWildcardHost(boundHost)) return true;
  if (hostHeader === undefined || hostHeader === '') return false;
  return allowedHosts(boundHost, port).has(hostHeader.toLowerCase());
}

/** Every Host header value that names the bound address (loopback names are interchangeable). */
export function allowedHosts(boundHost: string, port: number): ReadonlySet<string> {
  const names = isLoopbackHost(boundHost)
    ? ['localhost', '127.0.0.1', '[::1]', formatUrlHost(boundHost.toLowerCase())]
    : [formatUrlHost(boundHost.toLowerCase())];
  const allowed = new Set(names.map((name) => `${name}:${port}`));
  if (port === 80) for (const name of names) allowed.add(name);
  return allowed;
}

/**
 * Adds the Host check as the first onRequest hook; the port is read once the server listens.
 * HTTP/1.1 requires a Host header: Node's own bare 400 for its absence is turned off in the server
 * options, so the refusal arrives here, in our error format.
 */
export function registerHostGuard(app: FastifyInstance, boundHost: string): void {
  const anyHost = isWildcardHost(boundHost);
  let port = 0;
  // Built once the port is known (it is 0 until listen), not per request: this runs on every request.
  let allowed: ReadonlySet<string> | undefined;
  app.addHook('onRequest', (request, _reply, done) => {
    const host = request.headers.host;
    if ((host === undefined || host === '') && request.raw.httpVersionMinor >= 1) {
      done(new AppError('BadRequest', 'The request has no Host header (HTTP/1.1 requires one)'));
      return;
    }
    if (anyHost) {
      done();
      return;
    }
    if (allowed === undefined) {
      const address = app.server.address();
      port = typeof address === 'object' && address !== null ? address.port : 0;
      if (port !== 0) allowed = allowedHosts(boundHost, port);
    }
    if (host !== undefined && allowed?.has(host.toLowerCase())) {
      done();
      return;
    }
    request.log.warn({ host }, 'refused a request for another host');
    done(new AppError('Forbidden', `Host "${host ?? ''}" is not served here; use http://${formatUrlHost(boundHost)}:${port}`));
  });
}
