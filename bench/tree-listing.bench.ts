// Tree listing of a large repo over HTTP: the median time of one 1,000-entry page, and the total
// time of a full recursive listing through every page (following Link and parsing each page, as
// a client does). The peer is
// `git ls-tree -r -t` over the same trees exported to a bare git repo (trees only, no blobs).
// Targets: <= 5 ms per page, <= 0.5 s for 100,000 files. BENCH_TREE_FILES (default 100,000).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { openDatabase } from '../src/main/db/index.js';
import { createStore, type Store } from '../src/main/store/index.js';
import { TREE_MODE, hexToBytes } from '../src/shared/git-objects.js';
import { withScratchDir } from './scratch-dir.js';
import { line, report, timed, median } from './report.js';
import { seedHub, startHub } from './servers.js';

const FILES = Number(process.env.BENCH_TREE_FILES ?? 100_000);
const PAGE_SAMPLES = 100;
const FULL_RUNS = 3;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string): Promise<{ body: Buffer; link: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve({ body: Buffer.concat(chunks), link: String(res.headers.link ?? '') });
      });
    })
      .on('error', reject)
      .end();
  });
}

const nextUrl = (link: string) => /^<([^>]+)>; rel="next"$/.exec(link)?.[1];

/** Writes the head commit's trees (not blobs: ls-tree never reads them) and the commit as loose objects. */
function exportTrees(store: Store, repoId: number, gitDir: string): void {
  execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  const write = (type: string, body: Buffer): string => {
    const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
    const oid = createHash('sha1').update(raw).digest('hex');
    const dir = join(gitDir, 'objects', oid.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, oid.slice(2)), deflateSync(raw));
    return oid;
  };
  const writeTree = (treeOid: string): void => {
    const parts: Buffer[] = [];
    for (const entry of store.treeEntries(treeOid)) {
      parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`), Buffer.from(hexToBytes(entry.oid)));
      if (entry.mode === TREE_MODE) writeTree(entry.oid);
    }
    if (write('tree', Buffer.concat(parts)) !== treeOid) throw new Error(`tree ${treeOid} re-hashes differently`);
  };
  const head = store.resolveRevision(repoId, 'main');
  const commit = store.getCommit(head);
  if (!commit) throw new Error('no head commit');
  writeTree(commit.treeOid);
  write('commit', store.rawCommit(head) as Buffer);
  writeFileSync(join(gitDir, 'refs', 'heads', 'main'), `${head}\n`);
}

export async function run(): Promise<void> {
  await withScratchDir('hubkeeper-bench-tree-', async (root) => {
    const dataDir = join(root, 'data');
    seedHub(dataDir, 'tree', String(FILES));
    const gitDir = join(root, 'export.git');
    const db = openDatabase(join(dataDir, 'hubkeeper.db'));
    const store = createStore({ db, dataDir });
    exportTrees(store, (store.findRepo('model', 'bench', 'tree') as { id: number }).id, gitDir);
    db.close();

    const hub = await startHub(dataDir);
    try {
      const first = `${hub.url}/api/models/bench/tree/tree/main?recursive=true`;
      const { link } = await get(first);
      const second = nextUrl(link) as string;
      const pageTimes: number[] = [];
      for (let i = 0; i < PAGE_SAMPLES; i++) {
        pageTimes.push((await timed(() => get(i % 2 === 0 ? first : second))).seconds * 1000);
      }

      let entries = 0;
      let pages = 0;
      const fullTimes: number[] = [];
      const gitTimes: number[] = [];
      for (let run = 0; run < FULL_RUNS; run++) {
        entries = 0;
        pages = 0;
        const full = await timed(async () => {
          let url: string | undefined = first;
          while (url) {
            const page = await get(url);
            entries += (JSON.parse(page.body.toString('utf8')) as unknown[]).length;
            pages++;
            url = nextUrl(page.link);
          }
        });
        fullTimes.push(full.seconds);
        gitTimes.push((await timed(() => execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-t', 'main'], { maxBuffer: 1 << 30 }))).seconds);
      }

      report(`one 1,000-entry tree page (median of ${PAGE_SAMPLES})`, median(pageTimes), 5, 'ms', 'target', false);
      const label = `full listing, ${FILES} files (median of ${FULL_RUNS})`;
      report(label, median(fullTimes), 0.5 * (FILES / 100_000), 's', 'target', false);
      report(label, median(fullTimes), median(gitTimes), 's', 'git ls-tree -r', false);
      line('pages / entries listed', `${pages} / ${entries}`);
    } finally {
      await hub.stop();
      agent.destroy();
    }
  });
}
