// GET resolve of a large LFS file over loopback, next to nginx (sendfile) serving the same file,
import { makeBigModelFile } from './big-file.js';
// both fetched by the same client (curl to /dev/null). Also reports our server's peak memory.
// BENCH_BIG_MB (default 1024) sets the file size, BENCH_RUNS (default 3) the downloads per server.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { withScratchDir } from './scratch-dir.js';
import { line, report, median } from './report.js';
import { seedHub, startHub, startNginx, type RunningServer } from './servers.js';

const BIG_BYTES = Number(process.env.BENCH_BIG_MB ?? 1024) * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Bytes per second of one download, as curl measures it. */
function curlSpeed(url: string): number {
  const out = execFileSync('curl', ['-s', '-f', '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', url], { encoding: 'utf8' });
  const [speed, size] = out.trim().split(' ').map(Number);
  if (size !== BIG_BYTES) throw new Error(`${url} sent ${size} bytes, expected ${BIG_BYTES}`);
  return speed as number;
}

function measured(server: RunningServer, download: () => number, addCpu: (seconds: number) => void): number {
  const before = server.cpuSeconds();
  const speed = download();
  addCpu(server.cpuSeconds() - before);
  return speed;
}

export async function run(): Promise<void> {
  await withScratchDir('hubkeeper-bench-resolve-', async (root) => {
    const files = join(root, 'files');
    const big = makeBigModelFile(files, BIG_BYTES);
    const dataDir = join(root, 'data');
    seedHub(dataDir, 'big', big); // hard-linked: both servers read the same inode
    const hub = await startHub(dataDir);
    const nginx = await startNginx(files, join(root, 'nginx'));
    try {
      const ours = `${hub.url}/bench/big/resolve/main/model.safetensors`;
      const peer = `${nginx.url}/model.safetensors`;
      const idleMiB = hub.rssMiB();
      curlSpeed(peer); // page cache warm for both
      const oursSpeeds: number[] = [];
      const peerSpeeds: number[] = [];
      let oursCpu = 0;
      let peerCpu = 0;
      for (let i = 0; i < RUNS; i++) {
        oursSpeeds.push(measured(hub, () => curlSpeed(ours), (cpu) => (oursCpu += cpu)));
        peerSpeeds.push(measured(nginx, () => curlSpeed(peer), (cpu) => (peerCpu += cpu)));
      }
      const mb = Math.round(BIG_BYTES / 1e6);
      const gb = (RUNS * BIG_BYTES) / 1e9;
      report(`GET resolve ${mb} MB LFS file (median of ${RUNS})`, median(oursSpeeds) / 1e6, median(peerSpeeds) / 1e6, 'MB/s', 'nginx sendfile');
      report('server CPU time per GB sent', oursCpu / gb, peerCpu / gb, 's/GB', 'nginx sendfile', false);
      line('our peak RSS while serving', `${hub.peakRssMiB().toFixed(0)} MiB (idle after start ${idleMiB.toFixed(0)} MiB; file ${mb} MB)`);
    } finally {
      await hub.stop();
      await nginx.stop();
    }
  });
}
