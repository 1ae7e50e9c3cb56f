/**
 * Work handed off to finish in the background, at most `limit` unfinished at once: `add` waits
 * while the backlog is full. The first failure is kept and thrown by the next `add` or `drain`.
 */
export class Backlog {
  private readonly unfinished = new Set<Promise<void>>();
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(work: Promise<void>): Promise<void> {
    this.throwFailure();
    const tracked: Promise<void> = work
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.unfinished.delete(tracked));
    this.unfinished.add(tracked);
    while (this.unfinished.size >= this.limit) await Promise.race(this.unfinished);
    this.throwFailure();
  }

  /** Waits for all the work; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.unfinished);
    this.throwFailure();
  }

  /** Waits for all the work, whatever its outcome (after another failure). */
  async settle(): Promise<void> {
    await Promise.all(this.unfinished);
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}
