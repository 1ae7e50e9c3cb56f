import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/main/db/index.js';
import { cliEnv, ROOT } from '../helpers/cli-process.js';
import { blobNames, lastInFirstOut, randomContent, sha256Hex, tempFolder } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;
const CLI = join(ROOT, 'test', 'helpers', 'cli-from-source.ts');

function download(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'download', ...args], { cwd: ROOT, env: cliEnv({ HF_HUB_DISABLE_PROGRESS_BARS: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('resuming downloads', () => {
  it('goes on from the sha256 state saved with the progress instead of hashing the kept bytes again', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    const content = randomContent(128 * MiB);
    await seedRepo(server.core.store, { files: { 'model.bin': content }, lfs: ['model.bin'] });
    const proxy = await startFaultProxy(server.url, { bytesPerSecondPerConnection: 40 * MiB });
    t.after(() => proxy.close());
    const cacheDir = await tempFolder(t, 'hubkeeper-cache-');
    const dataDir = await tempFolder(t, 'hubkeeper-data-');
    const args = ['alice/m1', 'model.bin', '--endpoint', proxy.url, '--cache-dir', cacheDir, '--data', dataDir, '--connections', '1'];
    const savedState = () => {
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        return db.prepare<[], { hash_position: number | null; hash_state: Buffer | null; done: number }>(
          'SELECT hash_position, hash_state, (SELECT SUM(done) FROM download_ranges WHERE transfer_id = t.id) AS done FROM download_transfers t',
        ).get();
      } finally {
        db.close();
      }
    };

    const first = download(args);
    while (proxy.bytesServed() < content.length * 0.8) {
      const exited = await Promise.race([first.exited.then(() => true), sleep(20).then(() => false)]);
      assert.ok(!exited, `the download ended before it could be killed: ${first.stderr()}`);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const saved = savedState();
    assert.ok(saved?.hash_state && saved.hash_position !== null, 'a hash state was saved with the progress');
    assert.ok(saved.hash_position > 0 && saved.hash_position <= saved.done, `state at ${saved.hash_position}, ${saved.done} bytes on disk`);

    // A state that does not match the kept bytes must not let a wrong file through: the hash
    // fails, and the file is fetched again from scratch.
    const tampered = Buffer.from(saved.hash_state);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.prepare('UPDATE download_transfers SET hash_state = ?').run(tampered);
    db.close();
    const servedBefore = proxy.bytesServed();
    const second = download(args);
    const result = await second.exited;
    assert.equal(result.code, 0, second.stderr());
    assert.ok((await readFile(second.stdout().trim())).equals(content));
    assert.ok(proxy.bytesServed() - servedBefore >= content.length, 'the state was used: the mismatch made it fetch the whole file again');
  });

  it('resumes after kill -9 from the recorded progress, re-fetching under 10% of the file', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    const content = randomContent(64 * MiB);
    const { head } = await seedRepo(server.core.store, { files: { 'model.bin': content }, lfs: ['model.bin'] });
    const proxy = await startFaultProxy(server.url, { bytesPerSecondPerConnection: 3 * MiB });
    t.after(() => proxy.close());
    const cacheDir = await tempFolder(t, 'hubkeeper-cache-');
    const dataDir = await tempFolder(t, 'hubkeeper-data-');
    const args = ['alice/m1', 'model.bin', '--endpoint', proxy.url, '--cache-dir', cacheDir, '--data', dataDir, '--connections', '4'];

    const first = download(args);
    while (proxy.bytesServed() < content.length / 2) {
      const exited = await Promise.race([first.exited.then(() => true), sleep(20).then(() => false)]);
      assert.ok(!exited, `the download ended before it could be killed: ${first.stderr()}`);
    }
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    const servedBeforeKill = proxy.bytesServed();
    const blobs = await blobNames(cacheDir);
    assert.ok(!blobs.includes(sha256Hex(content)), 'nothing complete in blobs/');
    assert.equal(blobs.filter((name) => name.endsWith('.incomplete')).length, 1, 'the partial file is kept');

    const second = download(args);
    const result = await second.exited;
    assert.equal(result.code, 0, second.stderr());
    const path = second.stdout().trim();
    assert.equal(path, join(cacheDir, 'models--alice--m1', 'snapshots', head, 'model.bin'));
    assert.ok((await readFile(path)).equals(content));
    const refetched = proxy.bytesServed() - content.length;
    assert.ok(servedBeforeKill >= content.length / 2);
    assert.ok(refetched < content.length * 0.1, `re-fetched ${(refetched / MiB).toFixed(1)} MiB of ${content.length / MiB} MiB`);
    assert.deepEqual((await readdir(join(cacheDir, 'models--alice--m1', 'blobs'))), [sha256Hex(content)], 'the partial file became the blob');
  });
});
