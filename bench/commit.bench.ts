import { execFileSync, spawnSync } from 'node:child_process';
import { makeBigModelFile } from './big-file.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withScratchDir } from './scratch-dir.js';
import { line, report, timed } from './report.js';

const SMALL_FILES = 10_000;
const BIG_BYTES = Number(process.env.BENCH_BIG_MB ?? 1024) * 1024 * 1024;

function makeSmallTree(dir: string): void {
  for (let i = 0; i < SMALL_FILES; i++) {
    const sub = join(dir, `d${i % 100}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.json`), JSON.stringify({ i, text: 'x'.repeat(i % 500) }));
  }
}

function ours(mode: 'tree' | 'file' | 'link', source: string, dataDir: string): { seconds: number; maxRssKiB: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', new URL('./commit-worker.ts', import.meta.url).pathname, mode, dataDir, source], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`commit worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as { seconds: number; maxRssKiB: number };
}

async function gitAddCommit(workTree: string): Promise<number> {
  execFileSync('git', ['init', '--quiet', workTree]);
  const { seconds } = await timed(() => {
    execFileSync('git', ['add', '-A'], { cwd: workTree });
    execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '--quiet', '-m', 'bench'], { cwd: workTree });
  });
  return seconds;
}

export async function run(): Promise<void> {
  await withScratchDir('hubkeeper-bench-', async (root) => {
    const tree = join(root, 'tree');
    makeSmallTree(tree);
    const bigDir = join(root, 'big');
    const big = makeBigModelFile(bigDir, BIG_BYTES);
    execFileSync('sync');

    const small = ours('tree', tree, join(root, 'data-small'));
    const gitSmall = await gitAddCommit(tree);
    report('commit 10,000 small files', SMALL_FILES / small.seconds, SMALL_FILES / gitSmall, 'files/s', 'git add+commit');

    const mb = BIG_BYTES / 1e6;
    const openssl = await timed(() => execFileSync('openssl', ['dgst', '-sha256', big]));
    const copyPeer = await timed(() => {
      execFileSync('cp', [big, join(root, 'copy.bin')]);
      execFileSync('openssl', ['dgst', '-sha256', join(root, 'copy.bin')]);
      execFileSync('sync', ['-f', join(root, 'copy.bin')]);
    });
    rmSync(join(root, 'copy.bin'));
    const bigRun = ours('file', big, join(root, 'data-big'));
    const linkRun = ours('link', big, join(root, 'data-link'));
    const label = `one ${Math.round(mb)} MB file`;
    report(`ingest (copy) + commit ${label}`, mb / bigRun.seconds, mb / openssl.seconds, 'MB/s', 'openssl sha256');
    report(`ingest (copy) + commit ${label}`, mb / bigRun.seconds, mb / copyPeer.seconds, 'MB/s', 'cp+openssl+sync');
    report(`ingest (hard link) + commit ${label}`, mb / linkRun.seconds, mb / openssl.seconds, 'MB/s', 'openssl sha256');
    const gitBig = await gitAddCommit(bigDir);
    report(`commit ${label}`, mb / bigRun.seconds, mb / gitBig, 'MB/s', 'git add+commit');
    line('peak RSS, committing the large file', `${(bigRun.maxRssKiB / 1024).toFixed(0)} MiB (file: ${Math.round(mb)} MB)`);
    line('peak RSS, committing 10,000 files', `${(small.maxRssKiB / 1024).toFixed(0)} MiB`);
  });
}
