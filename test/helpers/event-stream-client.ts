import { request, type ClientRequest } from 'node:http';
import type { AppEvent } from '../../src/shared/app-api.js';
import type { Cleanup } from './start-server.js';

export interface EventStreamClient {
  /** Every event received so far, in order. */
  readonly events: readonly AppEvent[];
  /** When each of `events` arrived (`Date.now()`), same order. */
  readonly receivedAt: readonly number[];
  /** Resolves with the first event from now on (or already received after `since`) that matches. */
  next(match: (event: AppEvent) => boolean, since?: number): Promise<AppEvent>;
}

/** Opens `/-/api/v1/events` as the UI does (with a session cookie), once the stream says `connected`. */
export function openEventStream(t: Cleanup, baseUrl: string, cookie: string): Promise<EventStreamClient> {
  const events: AppEvent[] = [];
  const receivedAt: number[] = [];
  const waiters = new Set<{ readonly from: number; readonly match: (event: AppEvent) => boolean; readonly resolve: (event: AppEvent) => void }>();
  let req: ClientRequest | undefined;
  t.after(() => req?.destroy());
  const client: EventStreamClient = {
    events,
    receivedAt,
    next(match, since = events.length) {
      const found = events.slice(since).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.add({ from: since, match, resolve }));
    },
  };
  return new Promise((resolve, reject) => {
    req = request(`${baseUrl}/-/api/v1/events`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(': connected')) resolve(client);
          for (const line of block.split('\n')) {
            if (!line.startsWith('data: ')) continue;
            const event = JSON.parse(line.slice(6)) as AppEvent;
            events.push(event);
            receivedAt.push(Date.now());
            for (const waiter of waiters) {
              if (waiter.match(event)) {
                waiters.delete(waiter);
                waiter.resolve(event);
              }
            }
          }
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}
