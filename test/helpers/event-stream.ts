import { request, type ClientRequest } from 'node:http';
import type { AppEvent } from '../../src/shared/app-api.js';
import type { Cleanup, TestServer } from './start-server.js';

export interface EventStreamReader {
  /** Every event received so far, in order. */
  readonly events: readonly AppEvent[];
  /** The first event (received already or to come) that matches. */
  waitFor(match: (event: AppEvent) => boolean): Promise<AppEvent>;
}

/** The app's SSE stream as a UI session (`cookie`) reads it, open once the server says connected; closed when the test ends. */
export async function openEventStream(t: Cleanup, server: TestServer, cookie: string): Promise<EventStreamReader> {
  const events: AppEvent[] = [];
  const waiters: Array<{ match: (event: AppEvent) => boolean; resolve: (event: AppEvent) => void }> = [];
  let req: ClientRequest | undefined;
  t.after(() => req?.destroy());
  await new Promise<void>((connected, failed) => {
    let buffer = '';
    req = request(`${server.url}/-/api/v1/events`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) failed(new Error(`GET /events answered ${res.statusCode ?? '?'}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(': connected')) connected();
          for (const line of block.split('\n')) {
            if (!line.startsWith('data: ')) continue;
            const event = JSON.parse(line.slice('data: '.length)) as AppEvent;
            events.push(event);
            for (const waiter of waiters.filter((candidate) => candidate.match(event))) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      });
    });
    req.on('error', failed);
    req.end();
  });
  return {
    events,
    waitFor: (match) => {
      const seen = events.find(match);
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
