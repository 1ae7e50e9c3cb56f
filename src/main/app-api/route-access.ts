import type { FastifyInstance } from 'fastify';

/**
 * Who may call an app-API route: anyone (signing in and out), any signed-in session (what it
 * sees is then limited by its hub permissions), or the machine's owner only.
 */
export const ROUTE_ACCESS = ['open', 'session', 'owner'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by every app-API route when it is registered; the session guard enforces it. */
    access?: RouteAccess;
  }
}

/** Route options declaring each access level: `app.get('/settings', OWNER_ONLY, handler)`. */
export const OPEN = { config: { access: 'open' } } as const;
export const SIGNED_IN = { config: { access: 'session' } } as const;
export const OWNER_ONLY = { config: { access: 'owner' } } as const;

/** A registered app-API route and the access it declared. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

export function isRouteAccess(value: unknown): value is RouteAccess {
  return typeof value === 'string' && (ROUTE_ACCESS as readonly string[]).includes(value);
}

/**
 * Fails closed at registration: a route in `app` that declares no access stops the server from
 * starting. Every declared route is added to `table` (the access-walk test reads it).
 */
export function requireAccessDeclarations(app: FastifyInstance, table: DeclaredRoute[]): void {
  app.addHook('onRoute', (route) => {
    const access: unknown = route.config?.access;
    const methods = [route.method].flat();
    if (!isRouteAccess(access)) {
      throw new Error(`${methods.join(',')} ${route.url} declares no access ('open', 'session' or 'owner'); every app-API route must`);
    }
    for (const method of methods) table.push({ method, url: route.url, access });
  });
}
