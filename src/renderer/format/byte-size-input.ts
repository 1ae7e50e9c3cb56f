const MULTIPLIERS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/**
 * A size typed by a person: "10485760", "10,485,760", "10 MiB", "1.5 MB", "512k". kB/MB/GB are
 * decimal (as sizes are shown), KiB/MiB/GiB and a bare K/M/G binary. Undefined when it is not a
 * size or not a whole number of bytes.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim().replace(/[,_\s](?=\d{3}(?:\D|$))/g, ''));
  if (!match) return undefined;
  const multiplier = MULTIPLIERS[(match[2] ?? '').toLowerCase() || 'b'];
  if (multiplier === undefined) return undefined;
  const bytes = Number(match[1]) * multiplier;
  // Fractions of units are fine when they land on whole bytes: 1.5 KiB = 1536.
  const rounded = Math.round(bytes);
  return Number.isSafeInteger(rounded) && Math.abs(bytes - rounded) < 1e-6 ? rounded : undefined;
}
