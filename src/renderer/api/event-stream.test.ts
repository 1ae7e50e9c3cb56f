import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppEvent } from '../../shared/app-api.js';
import { connectEventStream, parseAppEvent, type EventSourceLike, type StreamState } from './event-stream.js';

class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readyState = 0;
  closed = false;
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  fail(permanently: boolean): void {
    this.readyState = permanently ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const states: StreamState[] = [];
  const events: AppEvent[] = [];
  const timers: Array<{ run: () => void; ms: number }> = [];
  let opens = 0;
  const stop = connectEventStream({
    url: '/-/api/v1/events',
    create: () => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    },
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    onOpen: () => opens++,
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => undefined,
  });
  return { sources, states, events, timers, stop, opens: () => opens };
}

describe('connectEventStream', () => {
  it('passes known events on and reloads state on every (re)connection', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.send('{"type":"library-changed"}');
    h.sources[0]?.send('{"type":"from-the-future"}');
    h.sources[0]?.send('not json');
    assert.deepEqual(h.events, [{ type: 'library-changed' }]);
    h.sources[0]?.fail(false);
    h.sources[0]?.open();
    assert.equal(h.opens(), 2);
    assert.deepEqual(h.states, ['connecting', 'open', 'reconnecting', 'open']);
  });

  it('opens a new stream with growing pauses when the browser gives up (core restart)', () => {
    const h = harness();
    h.sources[0]?.fail(true);
    h.sources[0]?.fail(true);
    assert.equal(h.timers.length, 1, 'one retry per failure of a stream');
    h.timers[0]?.run();
    h.sources[1]?.fail(true);
    h.timers[1]?.run();
    h.sources[2]?.open();
    h.sources[2]?.fail(true);
    assert.deepEqual(h.timers.map((timer) => timer.ms), [1000, 2000, 1000]);
    assert.equal(h.sources.length, 3);
  });

  it('closes for good when stopped', () => {
    const h = harness();
    h.stop();
    assert.equal(h.sources[0]?.closed, true);
  });
});

describe('parseAppEvent', () => {
  it('accepts only objects with a known type', () => {
    assert.deepEqual(parseAppEvent('{"type":"download-removed","id":"x"}'), { type: 'download-removed', id: 'x' });
    assert.equal(parseAppEvent('null'), undefined);
    assert.equal(parseAppEvent('[1]'), undefined);
  });
});
