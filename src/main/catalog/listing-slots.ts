/**
 * At most `count` refreshes talking to hubs at once (listing a tree, reading model facts). A
 * refresh gives its slot back while its listing waits to be stored, so that the next repo is
 * listed meanwhile and more listings are stored in one commit.
 */
export class ListingSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(count: number) {
    this.free = count;
  }

  /** Resolves once a slot is this caller's; it must `release` it. */
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.free += 1;
    else next();
  }

  /** Runs `talk` holding a slot. */
  async run<T>(talk: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await talk();
    } finally {
      this.release();
    }
  }

  /** A slot one refresh takes and gives back as it goes (never holding two). */
  hold(): SlotHold {
    return new SlotHold(this);
  }
}

/** One refresh's hold on a slot: taken while it talks to the hub, given back while it waits to be stored. */
export class SlotHold {
  private holding = false;

  constructor(private readonly slots: ListingSlots) {}

  async take(): Promise<void> {
    if (this.holding) return;
    await this.slots.acquire();
    this.holding = true;
  }

  give(): void {
    if (!this.holding) return;
    this.holding = false;
    this.slots.release();
  }
}
