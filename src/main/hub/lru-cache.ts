/** Least-recently-used cache bounded by the total weight of its values. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private weight = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): V {
    const weight = this.weigh(value);
    if (weight > this.maxWeight || this.entries.has(key)) return value;
    this.entries.set(key, value);
    this.weight += weight;
    for (const [oldKey, oldValue] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.entries.delete(oldKey);
      this.weight -= this.weigh(oldValue);
    }
    return value;
  }
}
