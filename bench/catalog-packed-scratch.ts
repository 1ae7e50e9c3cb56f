// Scratch (not wired in): the "packed row per folder" store the README's floor asks for. One row per
// folder holding its entries packed; the lookup tables (oid prefix, sha256, extension/name) built
// from the new folders in one sorted pass at the end, timed as part of the store. Prints CPU us per
// entry and MB per million entries, and the diff of two 100k-file revisions read from packed rows.
// `FILES` (default 1,000,000) entries in datasets of 100,000 shaped like bench/catalog-remote.ts.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

interface PackedFile { name: string; size: number; oid: Buffer; sha256: Buffer | null }
interface PackedDir { name: string; child: number }
type PackedEntry = PackedFile | PackedDir;

const dir = mkdtempSync(join(tmpdir(), 'packed-'));
const db = new Database(join(dir, 'packed.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
CREATE TABLE folders (id INTEGER PRIMARY KEY, digest BLOB NOT NULL UNIQUE, entries BLOB NOT NULL) STRICT;
CREATE TABLE by_oid (prefix BLOB NOT NULL, folder INTEGER NOT NULL, slot INTEGER NOT NULL, PRIMARY KEY (prefix, folder, slot)) STRICT, WITHOUT ROWID;
CREATE TABLE by_sha256 (sha256 BLOB NOT NULL, folder INTEGER NOT NULL, slot INTEGER NOT NULL, PRIMARY KEY (sha256, folder, slot)) STRICT, WITHOUT ROWID;
CREATE TABLE by_name (ext TEXT, name TEXT NOT NULL, folder INTEGER NOT NULL, PRIMARY KEY (ext, name, folder)) STRICT, WITHOUT ROWID;
`);
const insertFolder = db.prepare<[Buffer, Buffer]>('INSERT INTO folders (digest, entries) VALUES (?, ?)');
const folderId = db.prepare<[Buffer], { id: number }>('SELECT id FROM folders WHERE digest = ?');
const readFolder = db.prepare<[number], Buffer>('SELECT entries FROM folders WHERE id = ?').pluck();

const sha = (text: string, bytes: number): Buffer => createHash('sha256').update(text).digest().subarray(0, bytes);

/** [kind 0 file / 1 folder][name length u8][name][file: size u48, oid 20, has sha u8, sha 32? | folder: child u32] */
function pack(entries: readonly PackedEntry[]): Buffer {
  let length = 0;
  for (const entry of entries) length += 2 + Buffer.byteLength(entry.name) + ('child' in entry ? 4 : 6 + 20 + 1 + (entry.sha256 ? 32 : 0));
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const entry of entries) {
    out[at++] = 'child' in entry ? 1 : 0;
    const nameLength = out.write(entry.name, at + 1);
    out[at] = nameLength;
    at += 1 + nameLength;
    if ('child' in entry) {
      out.writeUInt32LE(entry.child, at);
      at += 4;
    } else {
      out.writeUIntLE(entry.size, at, 6);
      at += 6;
      at += entry.oid.copy(out, at);
      out[at++] = entry.sha256 ? 1 : 0;
      if (entry.sha256) at += entry.sha256.copy(out, at);
    }
  }
  return out;
}

const pending = { oid: [] as [Buffer, number, number][], sha: [] as [Buffer, number, number][], name: [] as [string | null, string, number][] };
function store(entries: PackedEntry[]): number {
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const packed = pack(entries);
  const digest = createHash('sha256').update(packed).digest().subarray(0, 16);
  const known = folderId.get(digest);
  if (known) return known.id;
  const id = Number(insertFolder.run(digest, packed).lastInsertRowid);
  entries.forEach((entry, slot) => {
    if ('child' in entry) return;
    pending.oid.push([entry.oid.subarray(0, 4), id, slot]);
    if (entry.sha256) pending.sha.push([entry.sha256, id, slot]);
    const dot = entry.name.lastIndexOf('.');
    pending.name.push([dot === -1 ? null : entry.name.slice(dot + 1).toLowerCase(), entry.name, id]);
  });
  return id;
}

/** A folder to store: files ready, subfolders as plans (built untimed, stored timed). */
interface Plan { files: PackedFile[]; folders: [string, Plan][] }

function storePlan(plan: Plan): number {
  return store([...plan.files, ...plan.folders.map(([name, sub]) => ({ name, child: storePlan(sub) }))]);
}

function dataset(tag: string, files: number, modified: ReadonlySet<number>): Plan {
  const shards = new Map<string, PackedFile[]>();
  for (let i = 0; i < files - 3; i++) {
    const key = `${i % 10 === 0 ? 'test' : 'train'}/shard-${String(Math.floor(i / 100)).padStart(4, '0')}`;
    const rows = shards.get(key) ?? [];
    shards.set(key, rows);
    const lfs = i % 50 === 0;
    const content = `${tag}-${i}${modified.has(i) ? 'mod' : ''}`;
    rows.push({ name: `part-${String(i).padStart(6, '0')}.${lfs ? 'parquet' : 'jsonl'}`, size: content.length, oid: sha(content, 20), sha256: lfs ? sha(`lfs${content}`, 32) : null });
  }
  const splits = new Map<string, Plan>([['train', { files: [], folders: [] }], ['test', { files: [], folders: [] }]]);
  for (const [key, rows] of shards) {
    const [split, shard] = key.split('/') as [string, string];
    splits.get(split)?.folders.push([shard, { files: rows, folders: [] }]);
  }
  return { files: [{ name: 'README.md', size: 9, oid: sha(`# ${tag}`, 20), sha256: null }], folders: [['data', { files: [], folders: [...splits] }]] };
}

function flushLookups(): void {
  const byKey = <T extends [Buffer, number, number]>(a: T, b: T): number => Buffer.compare(a[0], b[0]) || a[1] - b[1] || a[2] - b[2];
  pending.oid.sort(byKey);
  pending.sha.sort(byKey);
  pending.name.sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : (a[0] ?? '') > (b[0] ?? '') ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]));
  const oid = db.prepare('INSERT OR IGNORE INTO by_oid VALUES (?, ?, ?)');
  const sha256 = db.prepare('INSERT OR IGNORE INTO by_sha256 VALUES (?, ?, ?)');
  const name = db.prepare('INSERT OR IGNORE INTO by_name VALUES (?, ?, ?)');
  for (const row of pending.oid) oid.run(...row);
  for (const row of pending.sha) sha256.run(...row);
  for (const row of pending.name) name.run(...row);
  pending.oid = [];
  pending.sha = [];
  pending.name = [];
}

const files = Number(process.env.FILES ?? 1_000_000);
const datasets = Math.max(2, Math.round(files / 100_000));
const modified = new Set<number>();
for (let i = 1; i < 100_000 - 3; i += 100) if (i % 50 !== 0) modified.add(i);
const plans: Plan[] = [];
for (let k = 0; k < datasets - 2; k++) plans.push(dataset(`d${k}`, 100_000, new Set()));
plans.push(dataset('diffed', 100_000, new Set()), dataset('diffed', 100_000, modified));
const cpu = process.cpuUsage();
const wall = process.hrtime.bigint();
const roots = db.transaction(() => {
  const stored = plans.map((plan) => storePlan(plan));
  flushLookups();
  return stored;
})();
const before = roots.at(-2) ?? 0;
const after = roots.at(-1) ?? 0;
const used = process.cpuUsage(cpu);
const entries = datasets * 100_000;
db.pragma('wal_checkpoint(TRUNCATE)');
const bytes = statSync(join(dir, 'packed.db')).size;
console.log(`packed store, ${entries} entries: ${(((used.user + used.system) / entries)).toFixed(2)} us CPU per entry (${(Number(process.hrtime.bigint() - wall) / 1e9).toFixed(1)} s wall), ${((bytes / 1e6) * (1_000_000 / entries)).toFixed(1)} MB per million entries`);

// The diff from packed rows: equal child ids skip a subtree; a changed folder pair is merged record
// by record over the two buffers (both by name), comparing bytes in place: nothing is built per entry.
function recordEnd(packed: Buffer, at: number): number {
  const nameEnd = at + 2 + (packed[at + 1] as number);
  return packed[at] === 1 ? nameEnd + 4 : nameEnd + 27 + (packed[nameEnd + 26] === 1 ? 32 : 0);
}
function nameOf(packed: Buffer, at: number): string {
  return packed.toString('utf8', at + 2, at + 2 + (packed[at + 1] as number));
}
function diff(a: number, b: number, changed: string[], prefix = ''): void {
  if (a === b) return;
  const left = readFolder.get(a) as Buffer;
  const right = readFolder.get(b) as Buffer;
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const iEnd = i < left.length ? recordEnd(left, i) : i;
    const jEnd = j < right.length ? recordEnd(right, j) : j;
    const order = i >= left.length ? 1 : j >= right.length ? -1 : left.compare(right, j + 2, j + 2 + (right[j + 1] as number), i + 2, i + 2 + (left[i + 1] as number));
    if (order < 0) {
      changed.push(`-${prefix}${nameOf(left, i)}`);
      i = iEnd;
    } else if (order > 0) {
      changed.push(`+${prefix}${nameOf(right, j)}`);
      j = jEnd;
    } else {
      if (left[i] === 1 && right[j] === 1) {
        const nameEnd = i + 2 + (left[i + 1] as number);
        diff(left.readUInt32LE(nameEnd), right.readUInt32LE(j + 2 + (right[j + 1] as number)), changed, `${prefix}${nameOf(left, i)}/`);
      } else if (left.compare(right, j, jEnd, i, iEnd) !== 0) {
        changed.push(`~${prefix}${nameOf(left, i)}`);
      }
      i = iEnd;
      j = jEnd;
    }
  }
}
const times: number[] = [];
let changed: string[] = [];
for (let run = 0; run < 30; run++) {
  const start = process.cpuUsage();
  changed = [];
  diff(before, after, changed);
  const spent = process.cpuUsage(start);
  times.push((spent.user + spent.system) / 1000);
}
times.sort((x, y) => x - y);
console.log(`diff of two 100000-file revisions from packed rows: ${changed.length} changed, CPU p50 ${(times[15] ?? 0).toFixed(2)} ms, max ${(times[29] ?? 0).toFixed(2)} ms`);
db.close();
rmSync(dir, { recursive: true, force: true });
