import { AppError } from './errors.js';

/** "50G", "1.5GB", "500MiB", "1000": a size in bytes (K/M/G/T are decimal, KiB/MiB/GiB/TiB binary). */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?$/i.exec(value.trim());
  if (!match?.[1]) throw new AppError('BadRequest', `${flag} must be a size such as 50G, 500MB or 1.5TiB (got "${value}")`);
  const power = ['', 'k', 'm', 'g', 't'].indexOf((match[2] ?? '').toLowerCase());
  const base = match[3] ? 1024 : 1000;
  return Math.floor(Number(match[1]) * base ** power);
}
