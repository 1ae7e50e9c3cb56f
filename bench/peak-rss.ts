import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory in KiB. On Linux it is VmHWM: getrusage's maxRSS survives
 * exec, so a worker spawned by a large benchmark process would report its parent's size (the
 * multipart hub once showed 1,058 MiB that way while its own peak was about 250 MiB).
 */
export function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  return process.resourceUsage().maxRSS;
}
