/** Prints one benchmark line: our figure, the peer's, and the ratio (higher is better for us when `higherIsBetter`). */
export function report(label: string, ours: number, peer: number, unit: string, peerName: string, higherIsBetter = true): void {
  const ratio = higherIsBetter ? ours / peer : peer / ours;
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  console.log(`${label.padEnd(44)} ours ${fmt(ours).padStart(9)} ${unit.padEnd(8)} ${peerName} ${fmt(peer).padStart(9)} ${unit.padEnd(8)} ratio ${ratio.toFixed(2)}x`);
}

export function line(label: string, value: string): void {
  console.log(`${label.padEnd(44)} ${value}`);
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
