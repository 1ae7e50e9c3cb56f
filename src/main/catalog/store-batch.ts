import { redoableTransaction, type Db } from '../db/index.js';

/** The longest a listed revision waits for the others' before it is stored without them. */
const MAX_WAIT_MS = 100;

interface Submitted {
  readonly write: () => void;
  readonly done: (error: unknown) => void;
}

/**
 * Stores the revisions of refreshes running at once in one transaction. A commit writes every page
 * its rows touched, and the hash and name indexes spread even a small repo's rows over thousands
 * of pages: four repos stored together write little more than one. A refresh enters before it
 * lists and submits its write when the listing is done; once every refresh that entered has
 * submitted (or left), or the first write has waited MAX_WAIT_MS for a long listing, the writes
 * run together, each in a savepoint of its own, so that one failing fails its refresh alone.
 */
export class StoreBatch {
  private entered = 0;
  private submitted: Submitted[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db) {}

  /** A refresh starts listing: the batch waits for its write (or its leaving) before it runs. */
  enter(): void {
    this.entered += 1;
  }

  /** A refresh that entered stops without a write (it failed, or had nothing to store). */
  leave(): void {
    this.entered -= 1;
    this.runWhenAllIn();
  }

  /** A refresh that entered hands over its write; resolves once it is committed, rejects with its error. */
  submit(write: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.submitted.push({ write, done: (error) => (error === undefined ? resolve() : reject(error instanceof Error ? error : new Error('the store failed'))) });
      this.runWhenAllIn();
    });
  }

  private runWhenAllIn(): void {
    if (this.submitted.length === 0) return;
    if (this.submitted.length < this.entered) {
      this.timer ??= setTimeout(() => this.run(), MAX_WAIT_MS);
      return;
    }
    this.run();
  }

  private run(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.submitted;
    this.submitted = [];
    this.entered -= batch.length;
    const outcomes = new Map<Submitted, unknown>();
    try {
      redoableTransaction(this.db, () => {
        for (const item of batch) {
          try {
            this.db.transaction(item.write)();
            outcomes.set(item, undefined);
          } catch (error) {
            outcomes.set(item, error);
          }
        }
      });
    } catch (error) {
      for (const item of batch) outcomes.set(item, error);
    }
    for (const item of batch) item.done(outcomes.get(item));
  }
}
