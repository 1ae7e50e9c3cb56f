import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertOneLineError, hubkeeperOnTempData } from '../helpers/catalog-setup.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const pointerOid = (data: Buffer): string => gitOid(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(data)}\nsize ${data.length}\n`));

const gguf = randomContent(50_000);

async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const model = await seedRepo(remote.core.store, { name: 'm1', files: { 'config.json': '{}\n', 'q/q4.gguf': gguf }, lfs: ['q/q4.gguf'] });
  const hubkeeper = await hubkeeperOnTempData(t, 'hubkeeper-catalog-cli-');
  return { remote, model, hubkeeper };
}

describe('hubkeeper track, find and diff', () => {
  it('tracks a repo, finds its files by extension and hash, diffs two refreshes and stops tracking it', async (t) => {
    const { remote, model, hubkeeper } = await setup(t);
    const added = await hubkeeper('track', 'add', 'alice/m1', '--endpoint', remote.url);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, new RegExp(`^Tracking alice/m1@main on ${remote.url}: 3 files, .* at ${model.head}\\n$`));

    const listed = await hubkeeper('track', 'ls', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const [tracked] = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual({ repo: tracked?.repo, repoType: tracked?.repoType, revision: tracked?.revision, commit: tracked?.commit, files: tracked?.files, error: tracked?.error },
      { repo: 'alice/m1', repoType: 'model', revision: 'main', commit: model.head, files: 3, error: null });

    const expectedGguf = { repo: 'alice/m1', repoType: 'model', endpoint: remote.url, revision: 'main', commit: model.head, path: 'q/q4.gguf', size: gguf.length, oid: pointerOid(gguf), sha256: sha256(gguf) };
    for (const query of [['--ext', 'gguf'], ['--hash', sha256(gguf)], ['--file', '**/*.gguf'], ['--name', 'q4']]) {
      const found = await hubkeeper('find', ...query, '--json');
      assert.equal(found.code, 0, found.stderr);
      const onDisk = query[0] === '--hash' ? { onDisk: { hub: false, cache: false } } : {};
      assert.deepEqual(JSON.parse(found.stdout), [{ ...expectedGguf, ...onDisk }], query.join(' '));
    }
    const table = await hubkeeper('find', '--ext', 'gguf');
    assert.match(table.stdout, /^REPO\s+SOURCE\s+PATH\s+SIZE\s+OID\s+SHA256\n/);
    assert.match(table.stdout, new RegExp(`alice/m1@main\\s+remote\\s+q/q4\\.gguf\\s+.*${pointerOid(gguf).slice(0, 12)}\\s+${sha256(gguf).slice(0, 12)}`));

    const head = await commitFiles(remote.core.store, model.repo.id, { 'config.json': '{"a": 1}\n' });
    const refreshed = await hubkeeper('track', 'refresh');
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.match(refreshed.stdout, new RegExp(`^alice/m1@main on ${remote.url}: now at ${head}, 3 files`));
    const unchanged = await hubkeeper('track', 'refresh', 'alice/m1');
    assert.match(unchanged.stdout, new RegExp(`unchanged at ${head}`));

    const diff = await hubkeeper('diff', 'alice/m1', model.head.slice(0, 12), 'main', '--json');
    assert.equal(diff.code, 0, diff.stderr);
    assert.deepEqual(JSON.parse(diff.stdout), [{
      repo: 'alice/m1', repoType: 'model', endpoint: remote.url, revision: 'main', commit: head, oldCommit: model.head, change: 'modified', path: 'config.json',
      size: 9, oid: gitOid(Buffer.from('{"a": 1}\n')), sha256: null, oldSize: 3, oldOid: gitOid(Buffer.from('{}\n')), oldSha256: null,
    }]);
    const diffText = await hubkeeper('diff', 'alice/m1', model.head, head);
    assert.match(diffText.stdout, /\nM {2}config\.json {2}3 B -> 9 B\n$/);

    const removed = await hubkeeper('track', 'rm', 'alice/m1');
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, `No longer tracking alice/m1@main on ${remote.url}\n`);
    assert.deepEqual(JSON.parse((await hubkeeper('track', 'ls', '--json')).stdout), []);
  });

  it('bad input, an unknown repo and a hub that is down are one line and exit code 1; nothing stored is lost', async (t) => {
    const { remote, model, hubkeeper } = await setup(t);
    assertOneLineError(await hubkeeper('find', '--hash', 'xyz'), /^hubkeeper: --hash must be a git oid \(40 hex digits\) or a sha256/);
    assertOneLineError(await hubkeeper('find', '--file', '[abc'), /^hubkeeper: --file "\[abc" is not a valid glob/);
    assertOneLineError(await hubkeeper('diff', 'bob/none', 'a', 'b'), /^hubkeeper: bob\/none is not tracked/);
    assertOneLineError(await hubkeeper('track', 'add', 'alice/none', '--endpoint', remote.url), /^hubkeeper: alice\/none@main on .*: /);
    assertOneLineError(await hubkeeper('track', 'add', 'alice/m1', '--endpoint', 'http://127.0.0.1:9'), /^hubkeeper: alice\/m1@main on http:\/\/127\.0\.0\.1:9: Could not reach/);
    assert.deepEqual(JSON.parse((await hubkeeper('track', 'ls', '--json')).stdout), [], 'a repo whose first refresh failed is not tracked');

    assert.equal((await hubkeeper('track', 'add', 'alice/m1', '--endpoint', remote.url)).code, 0);
    await remote.stop();
    const down = await hubkeeper('track', 'refresh');
    assertOneLineError(down, /Could not reach .* \(the structure of the last good refresh is kept\)$/m);
    const [kept] = JSON.parse((await hubkeeper('track', 'ls', '--json')).stdout) as Array<{ commit: string; error: string }>;
    assert.equal(kept?.commit, model.head);
    assert.match(kept?.error ?? '', /Could not reach/);
    const found = await hubkeeper('find', '--name', 'config', '--json');
    assert.deepEqual((JSON.parse(found.stdout) as Array<{ path: string }>).map((file) => file.path), ['config.json']);
  });
});
