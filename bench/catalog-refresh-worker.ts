// The catalog side of the catalog benchmark, in its own process so its peak RSS is the refresh's
// alone. Tracks the given repos in a fresh catalog database, refreshes them all (listing and
// storing), then refreshes again with nothing changed. Usage:
//   catalog-refresh-worker.ts <dbFile> <endpoint> <reposJson>
// Prints {"fullSeconds","unchangedSeconds","peakRssMiB","baseRssMiB" (before the refresh),"fullCpuSeconds","updated","unchanged","failed","errors"}.
import { Catalog, type RefreshResult } from '../src/main/catalog/index.js';
import { openDatabase } from '../src/main/db/index.js';
import { UpstreamClient } from '../src/main/upstream/index.js';
import type { PlannedRepo } from './catalog-remote.js';
import { peakRssKiB } from './peak-rss.js';
import { timed } from './report.js';

const [dbFile, endpoint, reposJson] = process.argv.slice(2) as [string, string, string];
const repos = JSON.parse(reposJson) as PlannedRepo[];

const db = openDatabase(dbFile);
const client = new UpstreamClient();
const catalog = new Catalog({ db, client, tokens: () => undefined });
for (const planned of repos) catalog.track({ endpoint, repoType: planned.type, repo: planned.repo, revision: 'main' });

const count = (results: readonly RefreshResult[], status: RefreshResult['status']): number => results.filter((result) => result.status === status).length;
const baseRssMiB = peakRssKiB() / 1024;
const cpuBefore = process.cpuUsage();
const full = await timed(() => catalog.refresh());
const cpu = process.cpuUsage(cpuBefore);
const again = await timed(() => catalog.refresh());
const results = [...full.value, ...again.value];
console.log(
  JSON.stringify({
    fullSeconds: full.seconds,
    unchangedSeconds: again.seconds,
    peakRssMiB: peakRssKiB() / 1024,
    baseRssMiB,
    fullCpuSeconds: (cpu.user + cpu.system) / 1e6,
    updated: count(full.value, 'updated'),
    unchanged: count(again.value, 'unchanged'),
    failed: count(results, 'failed'),
    errors: results.flatMap((result) => (result.error === null ? [] : [result.error])).slice(0, 3),
  }),
);
await client.close();
db.close();
