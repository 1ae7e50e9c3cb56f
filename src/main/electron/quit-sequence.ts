export interface QuitSequenceOptions {
  /** Stops the core (closes the server and the database). */
  readonly stop: () => Promise<void>;
  /** Asks the app to quit again once the core is down; must re-emit `before-quit`. */
  readonly quit: () => void;
  /** A core that does not stop in time must not keep the app alive forever. */
  readonly timeoutMs: number;
  readonly onError: (error: unknown) => void;
}

export interface QuitSequence {
  /** The `before-quit` listener: holds the first quit until the core has stopped, then lets it through. */
  onBeforeQuit(event: { preventDefault(): void }): void;
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the core did not stop within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createQuitSequence(options: QuitSequenceOptions): QuitSequence {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  return {
    onBeforeQuit(event) {
      if (state === 'stopped') return;
      event.preventDefault();
      if (state === 'stopping') return;
      state = 'stopping';
      // The executor runs stop() now and turns a synchronous throw into a rejection.
      void withTimeout(new Promise<void>((resolve) => resolve(options.stop())), options.timeoutMs)
        .catch(options.onError)
        .finally(() => {
          state = 'stopped';
          options.quit();
        });
    },
  };
}
