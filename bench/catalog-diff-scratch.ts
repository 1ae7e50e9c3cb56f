// Scratch (not wired in): times diffStructures on two stored 100k-file revisions shaped like the bench's dataset.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createCatalogFoldersTable, openDatabase, type CatalogEntryRow } from '../src/main/db/index.js';
import { diffStructures } from '../src/main/catalog/structure-diff.js';

const db = openDatabase(join(process.env.DIR ?? mkdtempSync(join(tmpdir(), 'diff-')), 'db.sqlite'));
const folders = createCatalogFoldersTable(db);
const hex = (s: string, n = 40): string => createHash('sha256').update(s).digest('hex').slice(0, n);
let digestCount = 0;
const store = (rows: CatalogEntryRow[]): number => folders.insert(hex(`folder${digestCount++}`, 32), rows);
const file = (name: string, content: string, lfs = false): CatalogEntryRow => ({
  name, child: null, size: content.length, oid: hex(content), lfs_sha256: lfs ? hex(`sha${content}`, 64) : null, lfs_size: lfs ? content.length : null,
});
const dir = (name: string, child: number): CatalogEntryRow => ({ name, child, size: null, oid: null, lfs_sha256: null, lfs_size: null });

function dataset(tag: string, files: number, modified: Set<number>): number {
  const splits = new Map<string, Map<string, CatalogEntryRow[]>>([['train', new Map()], ['test', new Map()]]);
  for (let i = 0; i < files - 3; i++) {
    const split = i % 10 === 0 ? 'test' : 'train';
    const shard = `shard-${String(Math.floor(i / 100)).padStart(4, '0')}`;
    const shards = splits.get(split) as Map<string, CatalogEntryRow[]>;
    const rows = shards.get(shard) ?? [];
    shards.set(shard, rows);
    const lfs = i % 50 === 0;
    const name = `part-${String(i).padStart(6, '0')}.${lfs ? 'parquet' : 'jsonl'}`;
    rows.push(file(name, `${tag}-${i}${modified.has(i) ? 'mod' : ''}`, lfs));
  }
  const splitRows: CatalogEntryRow[] = [];
  for (const split of ['test', 'train']) {
    const shardRows = [...(splits.get(split) as Map<string, CatalogEntryRow[]>).entries()].map(([shard, rows]) => dir(shard, store(rows)));
    splitRows.push(dir(split, store(shardRows)));
  }
  return store([file('README.md', `# ${tag}`), dir('data', store(splitRows)), file('dataset_infos.json', 'x')]);
}

const files = Number(process.env.FILES ?? 100_000);
const t0 = Date.now();
const reuse = folders.counts().entries > 0;
if (!reuse) db.transaction(() => { for (let k = 0; k < Number(process.env.FILLER ?? 8); k++) dataset(`filler${k}`, files, new Set()); })();
const modified = new Set<number>();
for (let i = 1; i < files - 3; i += 100) if (i % 50 !== 0) modified.add(i);
const [before, after] = (reuse
  ? (db.prepare('SELECT id FROM catalog_folders WHERE id NOT IN (SELECT child FROM catalog_entries WHERE child IS NOT NULL) ORDER BY id DESC LIMIT 2').pluck().all() as number[]).reverse()
  : db.transaction(() => [dataset('ds', files, new Set()), dataset('ds', files, modified)])()) as [number, number];
console.log(`stored in ${Date.now() - t0} ms`, folders.counts());
const runs = Number(process.env.RUNS ?? 50);
diffStructures(before, after, folders);
const wall: number[] = [];
const cpu: number[] = [];
let result = diffStructures(before, after, folders);
for (let r = 0; r < runs; r++) {
  const c = process.cpuUsage();
  const w = process.hrtime.bigint();
  result = diffStructures(before, after, folders);
  wall.push(Number(process.hrtime.bigint() - w) / 1e6);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
}
const pct = (xs: number[], p: number): string => ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0).toFixed(2);
console.log(`diff modified=${result.modified.length} added=${result.added.length} removed=${result.removed.length} renamed=${result.renamed.length}`);
console.log(`wall p50 ${pct(wall, 0.5)} p99 ${pct(wall, 0.99)} ms; cpu p50 ${pct(cpu, 0.5)} p99 ${pct(cpu, 0.99)} ms`);
