import { basename, dirname, join } from 'node:path';

export type ArchiveKind = 'zip' | 'tar' | 'tar.gz' | 'tar.xz' | 'gz' | 'xz';

const SUFFIXES: readonly [string, ArchiveKind][] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.tar.xz', 'tar.xz'],
  ['.txz', 'tar.xz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
  ['.gz', 'gz'],
  ['.xz', 'xz'],
];

/** The archive kind a file name announces, or undefined for anything else. */
export function archiveKind(path: string): ArchiveKind | undefined {
  const name = basename(path).toLowerCase();
  return SUFFIXES.find(([suffix]) => name.endsWith(suffix) && name.length > suffix.length)?.[1];
}

/**
 * Where an archive goes by default: beside it, named without the suffix — a folder for zip and
 * tar archives (`data.tar.gz` -> `data/`), the file itself for a compressed single file
 * (`data.csv.gz` -> `data.csv`).
 */
export function defaultExtractPath(path: string): string {
  const name = basename(path);
  const suffix = SUFFIXES.find(([candidate]) => name.toLowerCase().endsWith(candidate) && name.length > candidate.length)?.[0];
  const stem = suffix === undefined ? `${name}.extracted` : name.slice(0, -suffix.length);
  return join(dirname(path), stem);
}
