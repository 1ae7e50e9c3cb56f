// One download in its own plain Node process, running the compiled engine (dist/, as users run
// it) or @huggingface/hub, so time and peak RSS are the client's own and carry no tsx loader.
// Usage: node download-worker.mjs <ours-file|ours-snapshot|js-file|js-snapshot> '<json args>'
// Prints {"seconds","maxRssKiB"} (peak RSS from /proc); with "report": true, also "progress <done> <total>" lines.
import { readFileSync } from 'node:fs';
import { downloadFileToCacheDir, snapshotDownload } from '@huggingface/hub';

const [mode, json] = process.argv.slice(2);
const args = JSON.parse(json);
const dist = new URL('../dist/main/', import.meta.url);

async function ours() {
  const { DownloadEngine } = await import(new URL('download/index.js', dist).href);
  const { createDownloadsTable, openDatabase } = await import(new URL('db/index.js', dist).href);
  const db = args.dbFile === undefined ? undefined : openDatabase(args.dbFile);
  const engine = new DownloadEngine({
    cacheDir: args.cacheDir,
    endpoint: args.endpoint,
    tokens: () => args.token,
    ...(db ? { store: createDownloadsTable(db) } : {}),
    tuning: { ...(args.connections ? { connections: args.connections } : {}), ...(args.chunkSize ? { chunkSize: args.chunkSize } : {}) },
  });
  let last = 0;
  const report = (done, total) => {
    if (!args.report || performance.now() - last < 20) return;
    last = performance.now();
    process.stdout.write(`progress ${done} ${total}\n`);
  };
  const start = performance.now();
  if (mode === 'ours-file') await engine.downloadFile(args.repo, args.path, { onProgress: (p) => report(p.done, p.total) });
  else await engine.snapshotDownload(args.repo, { onProgress: (p) => report(p.bytesDone, p.bytesTotal) });
  const seconds = (performance.now() - start) / 1000;
  await engine.close();
  db?.close();
  return seconds;
}

async function theirs() {
  const common = { repo: args.repo, cacheDir: args.cacheDir, hubUrl: args.endpoint, accessToken: args.token };
  const start = performance.now();
  if (mode === 'js-file') await downloadFileToCacheDir({ ...common, path: args.path });
  else await snapshotDownload(common);
  return (performance.now() - start) / 1000;
}

/** VmHWM, this process's own peak: getrusage's maxRSS survives exec and would report the benchmark's. */
function peakRssKiB() {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : process.resourceUsage().maxRSS;
}

const seconds = mode.startsWith('ours-') ? await ours() : await theirs();
process.stdout.write(`${JSON.stringify({ seconds, maxRssKiB: peakRssKiB() })}\n`);
