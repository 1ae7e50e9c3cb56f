import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { ROOT, cliEnv } from '../helpers/cli-process.js';
import { batchUpload, createTestRepo, fileLine, header, headOf, ndjson, postCommit, sha256 } from '../helpers/hub-write.js';
import { startServer, testToken, type Cleanup } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const MiB = 1024 * 1024;

/** Every file under the blob folder, with its size: must not change when a write fails. */
function blobFiles(dataDir: string): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(root, name)).isFile())
    .map((name) => `${name} ${statSync(join(root, name)).size}`)
    .sort();
}

function assertStorageError(res: HttpResponse, status: number, code: string, cause: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.header('x-error-code'), code);
  const body = res.json() as { error: string };
  assert.match(body.error, new RegExp(`\\(${cause}[,)]`));
  assert.match(body.error, /nothing was stored/);
  assert.doesNotMatch(body.error, /interrupted/);
}

/** A folder Linux refuses to create files in even for root (sysfs has no create), so chmod is not needed. */
const UNWRITABLE_DIR = '/sys/kernel';

describe('storage failures', () => {
  it('answers 500 naming the cause, and logs it, when tmp/ cannot be written (EACCES even as root, ENOTDIR); nothing is stored', async (t) => {
    assert.ok(existsSync(UNWRITABLE_DIR), `${UNWRITABLE_DIR} (sysfs) is needed for this test`);
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const blobsBefore = blobFiles(server.dataDir);
    const tmp = join(server.dataDir, 'tmp');
    renameSync(tmp, `${tmp}.moved`);
    const setups: Array<[string, () => void]> = [
      ['EACCES', () => symlinkSync(UNWRITABLE_DIR, tmp)],
      ['ENOTDIR', () => writeFileSync(tmp, 'not a folder')],
    ];
    try {
      for (const [cause, setup] of setups) {
        setup();
        for (const size of [100, 5 * MiB]) {
          const content = Buffer.alloc(size, cause.length + size);
          const href = (await batchUpload(server, repo, [content])).objects[0]?.actions?.upload?.href;
          assert.ok(href);
          assertStorageError(await httpRequest(href, { method: 'PUT', body: content }), 500, 'Internal', cause);
          const again = (await batchUpload(server, repo, [content])).objects[0]?.actions?.upload;
          assert.ok(again, 'the object is still missing, so the upload is offered again');
        }
        const commit = await postCommit(server, repo, ndjson([header(), fileLine('big.bin', Buffer.alloc(MiB, 5))]));
        assertStorageError(commit, 500, 'Internal', cause);
        rmSync(tmp, { force: true });
      }
    } finally {
      rmSync(tmp, { force: true, recursive: false });
      renameSync(`${tmp}.moved`, tmp);
    }
    assert.equal(headOf(server, repo), before);
    assert.deepEqual(blobFiles(server.dataDir), blobsBefore);
    await server.stop();
    const log = readFileSync(join(server.dataDir, 'logs', 'hubkeeper.log'), 'utf8');
    const errors = log.split('\n').filter((line) => line.includes('"level":"error"'));
    assert.ok(errors.some((line) => line.includes('EACCES') && line.includes(join(server.dataDir, 'tmp'))), 'the log names the cause and the file');
    assert.ok(errors.some((line) => line.includes('ENOTDIR')));
  });

  it('answers 507 InsufficientStorage when the disk refuses the bytes (EFBIG under a file size limit); nothing is stored', async (t) => {
    const hub = await startLimitedServe(t, 2 * MiB);
    const auth = bearer(hub.token);
    const created = await httpRequest(`${hub.url}/api/repos/create`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'm1', type: 'model' }),
    });
    assert.equal(created.status, 200, created.text);
    const treeBefore = (await httpRequest(`${hub.url}/api/models/alice/m1/tree/main`)).text;
    const blobsBefore = blobFiles(hub.dataDir);

    const content = Buffer.alloc(3 * MiB, 9);
    const batch = await httpRequest(`${hub.url}/alice/m1.git/info/lfs/objects/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ operation: 'upload', objects: [{ oid: sha256(content), size: content.length }] }),
    });
    const href = (batch.json() as { objects: Array<{ actions?: { upload?: { href: string } } }> }).objects[0]?.actions?.upload?.href;
    assert.ok(href, batch.text);
    assertStorageError(await httpRequest(href, { method: 'PUT', body: content }), 507, 'InsufficientStorage', 'EFBIG');

    const commit = await httpRequest(`${hub.url}/api/models/alice/m1/commit/main`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: ndjson([header(), fileLine('big.bin', Buffer.alloc(3 * MiB, 4))]),
    });
    assertStorageError(commit, 507, 'InsufficientStorage', 'EFBIG');

    assert.equal((await httpRequest(`${hub.url}/api/models/alice/m1/tree/main`)).text, treeBefore);
    assert.deepEqual(blobFiles(hub.dataDir), blobsBefore);
    const small = await httpRequest(`${hub.url}/api/models/alice/m1/commit/main`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: ndjson([header(), fileLine('small.txt', 'still works')]),
    });
    assert.equal(small.status, 200, 'writes that fit still succeed');
  });
});

interface LimitedServe {
  readonly url: string;
  readonly dataDir: string;
  readonly token: string;
}

/** `hubkeeper serve` (from source) in a shell with `ulimit -f`: writes past the limit fail with EFBIG (Node ignores SIGXFSZ). */
async function startLimitedServe(cleanup: Cleanup, limitBytes: number): Promise<LimitedServe> {
  const dataDir = tempDir();
  const token = testToken();
  const script = 'ulimit -f "$2"; exec "$0" --import tsx test/helpers/cli-from-source.ts serve --data "$1" --port 0';
  const child = spawn('bash', ['-c', script, process.execPath, dataDir, String(limitBytes / 1024)], {
    cwd: ROOT,
    env: cliEnv({ HUBKEEPER_BOOTSTRAP_USER: 'alice', HUBKEEPER_BOOTSTRAP_TOKEN: token }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  cleanup.after(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^HubKeeper listening on (http:\/\/\S+)\n/m.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`hubkeeper serve exited before listening:\n${stderr}`)));
  });
  return { url, dataDir, token };
}
