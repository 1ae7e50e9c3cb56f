export interface ChangeBatcherOptions<T> {
  /** A batch goes out once nothing new arrived for this long... */
  readonly quietMs: number;
  /** ...or this long after its first change, so a long stream of writes still shows up. */
  readonly maxWaitMs: number;
  readonly flush: (batch: ReadonlySet<T>) => void;
}

export interface ChangeBatcher<T> {
  add(item: T): void;
  /** Drops what is pending without flushing it. */
  cancel(): void;
}

/** Coalesces a burst of changes (a 1,000-file snapshot written at once) into one batch. */
export function createChangeBatcher<T>(options: ChangeBatcherOptions<T>): ChangeBatcher<T> {
  let pending = new Set<T>();
  let firstAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    timer = undefined;
    const batch = pending;
    pending = new Set();
    options.flush(batch);
  };

  return {
    add(item) {
      const now = Date.now();
      if (pending.size === 0) firstAt = now;
      pending.add(item);
      clearTimeout(timer);
      const delay = Math.max(0, Math.min(options.quietMs, firstAt + options.maxWaitMs - now));
      timer = setTimeout(flush, delay);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = new Set();
    },
  };
}
