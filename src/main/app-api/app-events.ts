import type { AppEvent } from '../../shared/app-api.js';

export type AppEventListener = (event: AppEvent) => void;

/** The events the UI receives over SSE; the core's modules publish into it through adapters. */
export interface AppEvents {
  publish(event: AppEvent): void;
  subscribe(listener: AppEventListener): () => void;
}

export function createAppEvents(): AppEvents {
  const listeners = new Set<AppEventListener>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
