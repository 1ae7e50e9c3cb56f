import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppEvent } from '../../shared/app-api.js';
import type { AppEvents } from './app-events.js';
import { EventThrottle } from './event-throttle.js';
import { SIGNED_IN } from './route-access.js';
import { requireSession } from './session-guard.js';

const PROGRESS_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;
/** How long the browser waits before reconnecting after the stream drops (core restart). */
const RETRY_MS = 1500;

/**
 * `GET /events`: server-sent events for the UI. Progress is throttled per download; a comment
 * line every 15 s keeps proxies and idle timeouts from closing the stream. Streams end when the
 * server closes, so shutting down never waits on an open UI.
 */
export function registerEventsRoute(app: FastifyInstance, events: AppEvents): void {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  app.get('/events', SIGNED_IN, (request, reply) => {
    // Downloads go into the owner's cache: other sessions hear only that the library changed.
    const owner = requireSession(request).role === 'owner';
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-request-id': request.id,
    });
    res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    open.add(res);
    const throttle = new EventThrottle((event: AppEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const unsubscribe = events.subscribe((event) => {
      if (owner || event.type === 'library-changed') throttle.push(event);
    });
    const tick = setInterval(() => throttle.flush(), PROGRESS_INTERVAL_MS);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = (): void => {
      open.delete(res);
      unsubscribe();
      clearInterval(tick);
      clearInterval(heartbeat);
    };
    request.raw.on('close', close);
    res.on('close', close);
  });
}
