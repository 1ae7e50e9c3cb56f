import type { TransferRange } from './transfer-state.js';

/**
 * The ranges of a file still to fetch, handed to connections in file order. While one connection
 * works alone, its request runs on across the untouched ranges that follow, so a fast hub streams
 * the file in one response instead of a request (and a pause) per range; once other connections
 * open, each request stops at the end of its range and the next ranges go to whoever is free.
 */
export class RangeQueue {
  private readonly waiting: TransferRange[];
  /** Connections taking ranges from this queue. */
  connections = 0;

  constructor(ranges: readonly TransferRange[]) {
    this.waiting = ranges.filter((range) => range.done < range.end - range.start);
  }

  get length(): number {
    return this.waiting.length;
  }

  take(): TransferRange | undefined {
    return this.waiting.shift();
  }

  /** Where a request for the rest of `range` may end. */
  spanEnd(range: TransferRange): number {
    let end = range.end;
    if (this.connections > 1) return end;
    for (const next of this.waiting) {
      if (next.start !== end || next.done !== 0) break;
      end = next.end;
    }
    return end;
  }

  /** The range after `range`, taken for a request that runs past it (up to `spanEnd`), if nobody else needs it. */
  continueAfter(range: TransferRange, spanEnd: number): TransferRange | undefined {
    const next = this.waiting[0];
    if (this.connections > 1 || next === undefined || next.start !== range.end || next.done !== 0 || next.end > spanEnd) return undefined;
    return this.waiting.shift();
  }
}
