import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { UpstreamClient } from '../upstream/index.js';
import { cachedDownload } from './cached-download.js';

test('a URL is cached, revalidated with its ETag (304 costs no body), refreshed when it changes, and served stale offline', async (t) => {
  let body = 'version 1';
  let etag = '"v1"';
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers['if-none-match'] ?? '-');
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { etag, 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model-index.json`;
  const client = new UpstreamClient({ retry: { retries: 0 } });
  t.after(() => client.close());
  const dir = tempDir();

  const first = await cachedDownload(client, url, { dir });
  assert.equal(first.status, 'fresh');
  assert.equal(await readFile(first.path, 'utf8'), 'version 1');
  const second = await cachedDownload(client, url, { dir });
  assert.equal(second.status, 'revalidated');
  assert.deepEqual(seen, ['-', '"v1"']);

  body = 'version 2';
  etag = '"v2"';
  const third = await cachedDownload(client, url, { dir });
  assert.equal(third.status, 'fresh');
  assert.equal(await readFile(third.path, 'utf8'), 'version 2');

  const offline = await cachedDownload(client, url, { dir, offline: true });
  assert.equal(offline.status, 'stale');
  assert.equal(offline.path, third.path);
});
