import type { AppEvent } from '../../shared/app-api.js';

/** The part of the browser's EventSource this module uses (a fake in tests). */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  readonly readyState: number;
  close(): void;
}

const CLOSED = 2;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamOptions {
  readonly url: string;
  readonly create: (url: string) => EventSourceLike;
  readonly onEvent: (event: AppEvent) => void;
  readonly onState: (state: StreamState) => void;
  /** Called on every (re)connection: events sent while disconnected are lost, so reload state. */
  readonly onOpen: () => void;
  readonly setTimer: (run: () => void, ms: number) => unknown;
  readonly clearTimer: (timer: unknown) => void;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['download', 'download-removed', 'library-changed', 'tracking-refresh', 'mirror']);

export function parseAppEvent(data: string): AppEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type: unknown = Reflect.get(value, 'type');
  // The core sends these from the shared AppEvent type; unknown kinds (a newer core) are skipped.
  return typeof type === 'string' && EVENT_TYPES.has(type) ? (value as AppEvent) : undefined;
}

/**
 * Keeps the SSE stream open. The browser retries by itself after a dropped connection; when it
 * gives up (the core answered with an error while restarting), this opens a new stream with
 * growing pauses. Returns a function that closes it for good.
 */
export function connectEventStream(options: EventStreamOptions): () => void {
  let source: EventSourceLike | undefined;
  let timer: unknown;
  let delay = FIRST_RETRY_MS;
  let stopped = false;

  const open = (): void => {
    source = options.create(options.url);
    source.onopen = () => {
      delay = FIRST_RETRY_MS;
      options.onState('open');
      options.onOpen();
    };
    source.onmessage = (message) => {
      const data: unknown = message.data;
      const event = typeof data === 'string' ? parseAppEvent(data) : undefined;
      if (event) options.onEvent(event);
    };
    const current = source;
    current.onerror = () => {
      options.onState('reconnecting');
      if (current.readyState !== CLOSED || stopped) return;
      current.onerror = null;
      current.close();
      timer = options.setTimer(open, delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    };
  };

  options.onState('connecting');
  open();
  return () => {
    stopped = true;
    options.clearTimer(timer);
    source?.close();
  };
}
