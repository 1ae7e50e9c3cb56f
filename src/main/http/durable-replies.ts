import type { FastifyInstance } from 'fastify';

/** Makes committed database writes durable on demand (the db module's WalSync). */
export interface Durability {
  /** True when writes were committed since the last sync. */
  pending(): boolean;
  /** Resolves once everything committed so far is on disk. */
  sync(): Promise<void>;
}

/**
 * Holds the reply to every request that may write (any method but GET and HEAD) until what the
 * database committed is on disk, so a reply that says "saved" survives a power loss. One fsync
 * covers every reply waiting at the time (group commit), off the event loop's thread.
 */
export function registerDurableReplies(app: FastifyInstance, durability: Durability): void {
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !durability.pending()) {
      done(null, payload);
      return;
    }
    durability.sync().then(
      () => done(null, payload),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
