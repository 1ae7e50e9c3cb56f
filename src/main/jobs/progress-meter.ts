/**
 * Speed (bytes over the last `windowMs`) and ETA of a transfer, and whether it is time to emit
 * another progress event (at most one per `intervalMs`).
 */
export class ProgressMeter {
  private readonly samples: Array<{ time: number; bytes: number }> = [];
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs = 250,
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Bytes per second over the window (0 until two samples are at least a few ms apart). */
  get speed(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.time - first.time < 20) return 0;
    return (Math.max(0, last.bytes - first.bytes) * 1000) / (last.time - first.time);
  }

  /** Records a sample; true when an event is due. */
  sample(bytes: number): boolean {
    const now = this.now();
    const last = this.samples.at(-1);
    if (last && now - last.time < 10) last.bytes = bytes;
    else this.samples.push({ time: now, bytes });
    while (this.samples.length > 2 && now - (this.samples[1]?.time ?? now) >= this.windowMs) this.samples.shift();
    if (now - this.lastEmit < this.intervalMs) return false;
    this.lastEmit = now;
    return true;
  }

  eta(done: number, total: number | undefined): number | undefined {
    const speed = this.speed;
    if (total === undefined || speed <= 0) return undefined;
    return Math.max(0, (total - done) / speed);
  }
}
