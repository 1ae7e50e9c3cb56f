// One process of bench/watch.bench.ts: `watch-worker.ts watch <cacheDir> <seconds>` watches the cache
// (as the app does) and, once the first look is done, measures its CPU time over <seconds> at rest;
// `watch-worker.ts idle - <seconds>` measures a node process doing nothing, the peer.
// Prints {"readySeconds","startupCpuSeconds","cpuSeconds","rssMiB"}.
import { setTimeout as sleep } from 'node:timers/promises';
import { watchCacheFolder } from '../src/main/watch/index.js';

const SETTLE_MS = 2000;
const [mode, cacheDir, seconds] = process.argv.slice(2);
const start = process.hrtime.bigint();
const watcher =
  mode === 'watch'
    ? watchCacheFolder({ dir: cacheDir as string, onUpdate: () => undefined, onError: (error) => console.error(error) })
    : undefined;
await watcher?.ready;
const readySeconds = Number(process.hrtime.bigint() - start) / 1e9;
const startupCpu = process.cpuUsage();
// Both processes settle first (module loading, the first look's garbage) so only the rest is measured.
await sleep(SETTLE_MS);
const before = process.cpuUsage();
// The measured interval is the waiting itself: nothing else runs in this process meanwhile.
await sleep(Number(seconds) * 1000);
const used = process.cpuUsage(before);
await watcher?.close();
const startupCpuSeconds = (startupCpu.user + startupCpu.system) / 1e6;
const rssMiB = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify({ readySeconds, startupCpuSeconds, cpuSeconds: (used.user + used.system) / 1e6, rssMiB }));
