// The catalog side of the catalog benchmark, in its own plain Node process running the compiled
// catalog (dist/, as users run it), so that its peak RSS is the refresh's alone and carries no tsx
// loader (about 40 MiB of it). Tracks the given repos in a fresh catalog database, refreshes them
// all (listing and storing), then refreshes again with nothing changed. Usage:
//   node catalog-refresh-worker.mjs <dbFile> <endpoint> <reposJson>
// Prints {"fullSeconds","unchangedSeconds","peakRssMiB","baseRssMiB" (before the refresh),"fullCpuSeconds","fullWrittenMB" (to disk, by the full refresh),"updated","unchanged","failed","errors"}.
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/main/', import.meta.url);
const { Catalog } = await import(new URL('catalog/index.js', dist).href);
const { openDatabase } = await import(new URL('db/index.js', dist).href);
const { UpstreamClient } = await import(new URL('upstream/index.js', dist).href);

const [dbFile, endpoint, reposJson] = process.argv.slice(2);
const repos = JSON.parse(reposJson);

/** This process's peak resident memory in MiB (VmHWM; see peak-rss.ts). */
function peakRssMiB() {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return (match ? Number(match[1]) : process.resourceUsage().maxRSS) / 1024;
}

/** Bytes this process has written to disk so far (/proc/self/io), undefined where there is none. */
function bytesWritten() {
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const db = openDatabase(dbFile);
const client = new UpstreamClient();
const catalog = new Catalog({ db, client, tokens: () => undefined });
for (const planned of repos) catalog.track({ endpoint, repoType: planned.type, repo: planned.repo, revision: 'main' });

const count = (results, status) => results.filter((result) => result.status === status).length;
const baseRssMiB = peakRssMiB();
const cpuBefore = process.cpuUsage();
const writtenBefore = bytesWritten();
const full = await timed(() => catalog.refresh());
const cpu = process.cpuUsage(cpuBefore);
const writtenAfter = bytesWritten();
const again = await timed(() => catalog.refresh());
const results = [...full.value, ...again.value];
console.log(
  JSON.stringify({
    fullSeconds: full.seconds,
    unchangedSeconds: again.seconds,
    peakRssMiB: peakRssMiB(),
    baseRssMiB,
    fullCpuSeconds: (cpu.user + cpu.system) / 1e6,
    updated: count(full.value, 'updated'),
    unchanged: count(again.value, 'unchanged'),
    failed: count(results, 'failed'),
    fullWrittenMB: writtenBefore === undefined ? null : (writtenAfter - writtenBefore) / 1e6,
    errors: results.flatMap((result) => (result.error === null ? [] : [result.error])).slice(0, 3),
  }),
);
await client.close();
db.close();
