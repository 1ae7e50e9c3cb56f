import type { AppEvent } from '../../shared/app-api.js';

/**
 * Keeps at most one pending progress event per download and sends the newest on each tick, so a
 * fast download cannot flood the UI; every other event (state changes) goes out at once, after
 * any pending progress of the same download, so order is kept.
 */
export class EventThrottle {
  private readonly pending = new Map<string, AppEvent>();

  constructor(private readonly send: (event: AppEvent) => void) {}

  push(event: AppEvent): void {
    if (event.type === 'download' && event.job.state === 'running') {
      this.pending.set(event.job.id, event);
      return;
    }
    const key = event.type === 'download' ? event.job.id : event.type === 'download-removed' ? event.id : undefined;
    if (key !== undefined) this.pending.delete(key);
    this.send(event);
  }

  flush(): void {
    const events = [...this.pending.values()];
    this.pending.clear();
    for (const event of events) this.send(event);
  }
}
