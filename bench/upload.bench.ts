import { execFile, execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { makeBigModelFile } from './big-file.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { uploadFile } from '@huggingface/hub';
import { withScratchDir } from './scratch-dir.js';
import { line, report, timed } from './report.js';

const execFileAsync = promisify(execFile);
const BIG_BYTES = Number(process.env.BENCH_BIG_MB ?? 1024) * 1024 * 1024;

interface Hub {
  readonly url: string;
  readonly token: string;
  stop(): Promise<number>;
}

async function startHub(dataDir: string, multipart?: { threshold: number; chunk: number }): Promise<Hub> {
  const args = ['--import', 'tsx', new URL('./upload-server.ts', import.meta.url).pathname, dataDir];
  if (multipart) args.push(String(multipart.threshold), String(multipart.chunk));
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('the benchmark hub did not start');
  const { url, token } = JSON.parse(first.value) as { url: string; token: string };
  return {
    url,
    token,
    async stop() {
      child.stdin.end('stop\n');
      const last = await lines.next();
      return last.done ? 0 : (JSON.parse(last.value) as { maxRssKiB: number }).maxRssKiB;
    },
  };
}

interface UploadTimings {
  readonly total: number;
  /** Wall time from the first LFS transfer request to the last one's answer. */
  readonly transfer: number;
  /** Wall time before the first transfer (preupload, the client's sha256, batch). */
  readonly beforeTransfer: number;
}

/** Uploads with the official JS client, noting when its LFS transfers run. */
async function uploadWithJsClient(hub: Hub, file: string): Promise<UploadTimings> {
  let transferStart: number | undefined;
  let transferEnd = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const start = performance.now();
    const response = await fetch(input, init);
    if (url.includes('/-/lfs/')) {
      transferStart = Math.min(transferStart ?? start, start);
      transferEnd = Math.max(transferEnd, performance.now());
    }
    return response;
  };
  const begin = performance.now();
  const { seconds } = await timed(() =>
    uploadFile({
      repo: { type: 'model', name: 'bench/upload' },
      hubUrl: hub.url,
      accessToken: hub.token,
      file: { path: 'model.safetensors', content: pathToFileURL(file) },
      fetch: timedFetch,
    }),
  );
  const firstTransfer = transferStart ?? begin;
  return { total: seconds, transfer: (transferEnd - firstTransfer) / 1000, beforeTransfer: (firstTransfer - begin) / 1000 };
}

/**
 * The hub's own share: preupload, batch, one PUT from a lean Node client in another process,
 * and the commit, with the sha256 already known. The hub hashes and writes the bytes once,
 * the work `openssl dgst` + `cp` do.
 */
async function uploadHubSide(hub: Hub, file: string, oid: string, size: number): Promise<{ seconds: number; put: number }> {
  const auth = { authorization: `Bearer ${hub.token}` };
  const api = `${hub.url}/api/models/bench/upload`;
  const started = performance.now();
  const preupload = await fetch(`${api}/preupload/main`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ files: [{ path: 'hub-side.safetensors', size, sample: '' }] }),
  });
  if (!preupload.ok) throw new Error(`preupload: ${preupload.status}`);
  const batch = await fetch(`${hub.url}/bench/upload.git/info/lfs/objects/batch`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/vnd.git-lfs+json' },
    body: JSON.stringify({ operation: 'upload', transfers: ['basic'], hash_algo: 'sha256', objects: [{ oid, size }] }),
  });
  const href = ((await batch.json()) as { objects: Array<{ actions?: { upload?: { href: string } } }> }).objects[0]?.actions?.upload?.href;
  if (href === undefined) throw new Error('the object is already stored');
  const beforePut = performance.now();
  // The client process's start-up is not the hub's time: it reports the PUT's own duration.
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', new URL('./put-worker.ts', import.meta.url).pathname, href, file]);
  const put = JSON.parse(stdout.trim()) as { status: number; seconds: number };
  if (put.status !== 200) throw new Error(`PUT: ${put.status}`);
  const afterPut = performance.now();
  const body = [
    { key: 'header', value: { summary: 'hub side' } },
    { key: 'lfsFile', value: { path: 'hub-side.safetensors', algo: 'sha256', oid, size } },
  ].map((entry) => JSON.stringify(entry)).join('\n');
  const commit = await fetch(`${api}/commit/main`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
  if (!commit.ok) throw new Error(`commit: ${commit.status}`);
  const requests = (beforePut - started + (performance.now() - afterPut)) / 1000;
  return { seconds: requests + put.seconds, put: put.seconds };
}

export async function run(): Promise<void> {
  await withScratchDir('hubkeeper-bench-upload-', async (root) => {
    const big = makeBigModelFile(join(root, 'big'), BIG_BYTES);
    execFileSync('sync');
    const mb = BIG_BYTES / 1e6;
    const label = `${Math.round(mb)} MB`;

    const copy = join(root, 'copy.bin');
    const hash = await timed(() => execFileSync('openssl', ['dgst', '-sha256', big], { encoding: 'utf8' }));
    const cp = await timed(() => execFileSync('cp', [big, copy]));
    const sync = await timed(() => execFileSync('sync', ['-f', copy]));
    rmSync(copy);
    const peer = hash.seconds + cp.seconds;
    const oid = /([0-9a-f]{64})\s*$/.exec(hash.value)?.[1] ?? '';

    const hubOnly = await startHub(join(root, 'data-hub-side'));
    const hubSide = await uploadHubSide(hubOnly, big, oid, BIG_BYTES);
    const hubSideRss = await hubOnly.stop();

    const basicHub = await startHub(join(root, 'data-basic'));
    const basic = await uploadWithJsClient(basicHub, big);
    const basicRss = await basicHub.stop();

    const multipartHub = await startHub(join(root, 'data-multipart'), { threshold: 1, chunk: 64 * 1024 * 1024 });
    const multipart = await uploadWithJsClient(multipartHub, big);
    const multipartRss = await multipartHub.stop();

    report(`upload ${label}, @huggingface/hub, one PUT`, mb / basic.total, mb / peer, 'MB/s', 'openssl+cp');
    report(`upload ${label}, @huggingface/hub, multipart`, mb / multipart.total, mb / peer, 'MB/s', 'openssl+cp');
    report(`hub side: preupload+batch+PUT+commit`, mb / hubSide.seconds, mb / peer, 'MB/s', 'openssl+cp');
    report(`hub side, the PUT alone (hash+write+fsync)`, mb / hubSide.put, mb / (peer + sync.seconds), 'MB/s', 'openssl+cp+sync');
    line(`  JS client before its PUT (its sha256 in JS)`, `${basic.beforeTransfer.toFixed(2)} s (openssl dgst: ${hash.seconds.toFixed(2)} s)`);
    line(`  JS client transfer (PUT / parts+completion)`, `${(mb / basic.transfer).toFixed(0)} MB/s / ${(mb / multipart.transfer).toFixed(0)} MB/s`);
    line('peak RSS of the hub process', `${(hubSideRss / 1024).toFixed(0)} MiB lean PUT, ${(basicRss / 1024).toFixed(0)} MiB JS PUT, ${(multipartRss / 1024).toFixed(0)} MiB multipart (file: ${label})`);
  });
}
