import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { gzipSync, crc32 } from 'node:zlib';

export interface ArchiveEntry {
  readonly name: string;
  readonly content?: string;
  /** Makes the entry a symlink to this target. */
  readonly symlink?: string;
  readonly directory?: boolean;
  /** A tar hard link to this archive path. */
  readonly hardlink?: string;
}

/** A ustar archive written byte by byte, so tests can include entries real tools refuse to make. */
export function tarBytes(entries: readonly ArchiveEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    const header = Buffer.alloc(512);
    const put = (text: string, offset: number, length: number): void => void header.write(text, offset, length, 'utf8');
    const octal = (value: number, offset: number, length: number): void => put(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
    put(entry.name, 0, 100);
    octal(entry.directory ? 0o755 : 0o644, 100, 8);
    octal(0, 108, 8);
    octal(0, 116, 8);
    octal(entry.symlink || entry.hardlink || entry.directory ? 0 : data.length, 124, 12);
    octal(1_700_000_000, 136, 12);
    put(entry.symlink ? '2' : entry.hardlink ? '1' : entry.directory ? '5' : '0', 156, 1);
    put(entry.symlink ?? entry.hardlink ?? '', 157, 100);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(header);
    if (!entry.symlink && !entry.hardlink && !entry.directory) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export async function writeTar(path: string, entries: readonly ArchiveEntry[], compression: 'none' | 'gzip' | 'xz' = 'none'): Promise<void> {
  const tar = tarBytes(entries);
  if (compression === 'gzip') return writeFile(path, gzipSync(tar));
  if (compression === 'xz') return writeFile(path, xzBytes(tar));
  return writeFile(path, tar);
}

/** Compresses with the `xz` command (Debian's xz-utils); throws when it is missing. */
export function xzBytes(data: Buffer): Buffer {
  const result = spawnSync('xz', ['-c', '-z'], { input: data });
  if (result.status !== 0) throw new Error(`xz failed: ${result.stderr.toString()}`);
  return result.stdout;
}

export function hasXz(): boolean {
  return spawnSync('xz', ['--version']).status === 0;
}

export async function writeZip(path: string, entries: readonly ArchiveEntry[]): Promise<void> {
  await writeFile(path, zipBytes(entries));
}

/** A zip with stored (uncompressed) entries; symlinks carry Unix mode 0120777 as Info-ZIP writes them. */
export function zipBytes(entries: readonly ArchiveEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.symlink ?? entry.content ?? '');
    const crc = crc32(data);
    const mode = entry.symlink ? 0o120777 : entry.directory ? 0o40755 : 0o100644;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
