import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertOneLineError, hubkeeperOnTempData } from '../helpers/catalog-setup.js';
import type { CliResult } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

const weights = randomContent(120_000);
const m1Files = { 'config.json': '{"a": 1}\n', 'model.safetensors': weights, 'tok/vocab.txt': 'a\nb\n' };
const m2Files = { 'config.json': '{"a": 2}\n', 'model.safetensors': weights, 'notes.md': 'm2\n' };
const lfs = ['model.safetensors'];

async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const m1 = await seedRepo(remote.core.store, { name: 'm1', files: m1Files, lfs });
  const m2 = await seedRepo(remote.core.store, { name: 'm2', files: m2Files, lfs });
  const attributes = async (repo: string): Promise<Buffer> => Buffer.from(await (await fetch(`${remote.url}/${repo}/resolve/main/.gitattributes`)).arrayBuffer());
  const hubkeeper = await hubkeeperOnTempData(t, 'hubkeeper-report-cli-');
  for (const repo of ['alice/m1', 'alice/m2']) assert.equal((await hubkeeper('track', 'add', repo, '--endpoint', remote.url)).code, 0);
  return { remote, m1, m2, hubkeeper, m1Attributes: await attributes('alice/m1'), m2Attributes: await attributes('alice/m2') };
}

function json(run: CliResult): Array<Record<string, unknown>> {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
}

describe('hubkeeper stats, duplicates, similar, track export and find --hash', () => {
  it('answer in JSON what the files written to the remote say', async (t) => {
    const { remote, m1, m2, hubkeeper, m1Attributes, m2Attributes } = await setup(t);
    const sizeOf = (files: Record<string, string | Buffer>): number => Object.values(files).reduce((sum, content) => sum + Buffer.from(content).length, 0);
    const m1Size = sizeOf(m1Files) + m1Attributes.length;
    const m2Size = sizeOf(m2Files) + m2Attributes.length;

    const [overall, ...repos] = json(await hubkeeper('stats', '--json'));
    assert.deepEqual({ scope: overall?.scope, files: overall?.files, size: overall?.size, lfsFiles: overall?.lfsFiles, lfsSize: overall?.lfsSize, reposWithStructures: overall?.reposWithStructures },
      { scope: 'all', files: 8, size: m1Size + m2Size, lfsFiles: 2, lfsSize: 2 * weights.length, reposWithStructures: 2 });
    assert.deepEqual(repos.map((repo) => [repo.repo, repo.repoType, repo.revision, repo.commit, repo.files, repo.size]), [['alice/m1', 'model', 'main', m1.head, 4, m1Size], ['alice/m2', 'model', 'main', m2.head, 4, m2Size]]);
    const [one] = json(await hubkeeper('stats', 'alice/m1', '--json'));
    const largest = (one?.largest as Array<Record<string, unknown>>)[0];
    assert.deepEqual(largest, { repo: 'alice/m1', repoType: 'model', endpoint: remote.url, revision: 'main', commit: m1.head, path: 'model.safetensors', size: weights.length, oid: largest?.oid, sha256: sha256(weights) });
    assert.deepEqual((one?.byExtension as Array<Record<string, unknown>>)[0], { ext: 'safetensors', files: 1, size: weights.length });

    const duplicates = json(await hubkeeper('duplicates', '--json'));
    const shared = duplicates.find((content) => content.sha256 === sha256(weights));
    assert.deepEqual({ size: shared?.size, wastedBytes: shared?.wastedBytes, reusableBytes: shared?.reusableBytes, onDisk: shared?.onDisk },
      { size: weights.length, wastedBytes: 0, reusableBytes: weights.length, onDisk: { hub: false, cache: false } }, 'two remote repos: the second download can reuse the first');
    assert.deepEqual((shared?.places as Array<Record<string, unknown>>).map((place) => [place.repo, place.path, place.sha256, place.source]),
      [['alice/m1', 'model.safetensors', sha256(weights), 'remote'], ['alice/m2', 'model.safetensors', sha256(weights), 'remote']]);
    assert.deepEqual([shared?.repo, shared?.path, shared?.placeCount, (shared?.repos as Array<Record<string, unknown>>).map((repo) => repo.repo).sort()],
      ['alice/m1', 'model.safetensors', 2, ['alice/m1', 'alice/m2']], 'the first place at the top, the place count, the repos');
    const onePlace = json(await hubkeeper('duplicates', '--json', '--places', '1'));
    assert.deepEqual(onePlace.map((content) => [content.placeCount, (content.places as unknown[]).length]), duplicates.map((content) => [content.placeCount, 1]), 'one place shown, all counted');
    const places = json(await hubkeeper('duplicates', '--hash', sha256(weights), '--json', '--offset', '1'));
    assert.deepEqual(places.map((place) => [place.repo, place.revision, place.commit, place.path, place.size, place.sha256]), [['alice/m2', 'main', m2.head, 'model.safetensors', weights.length, sha256(weights)]], 'the places of one content, paged');
    assertOneLineError(await hubkeeper('duplicates', '--limit', '0'), /^hubkeeper: --limit must be a whole number of at least 1/);
    assertOneLineError(await hubkeeper('duplicates', '--hash', 'nothex'), /^hubkeeper: --hash must be/);

    const similar = json(await hubkeeper('similar', 'alice/m1', '--json'));
    const sharedAttributes = m1Attributes.equals(m2Attributes) ? m1Attributes.length : 0;
    const expectedSimilar = {
      repo: 'alice/m2', repoType: 'model', endpoint: remote.url, revision: 'main', commit: m2.head,
      sharedSize: weights.length + sharedAttributes, sharedContents: sharedAttributes > 0 ? 2 : 1, sharedPaths: 3, identicalFiles: sharedAttributes > 0 ? 2 : 1,
    };
    assert.deepEqual(similar, [expectedSimilar]);
    assert.deepEqual(json(await hubkeeper('similar', 'alice/m1', '--with', 'alice/m2', '--json')), [expectedSimilar]);

    const exported = await hubkeeper('track', 'export', 'alice/m1');
    assert.equal(exported.code, 0, exported.stderr);
    const seed = JSON.parse(exported.stdout) as { model_id: string; branch: string; files: Record<string, { size: number; oid: string; download_url: string; lfs?: unknown }>; total_files: number; total_size: number };
    assert.deepEqual([seed.model_id, seed.branch, seed.total_files, seed.total_size], ['alice/m1', 'main', 4, m1Size]);
    assert.deepEqual(seed.files['tok/vocab.txt'], { size: 4, oid: gitOid(Buffer.from('a\nb\n')), download_url: `${remote.url}/alice/m1/resolve/${m1.head}/tok/vocab.txt` });
    assert.deepEqual(seed.files['model.safetensors']?.lfs, { size: weights.length, sha256: sha256(weights), pointer_size: 125 + String(weights.length).length });

    const found = json(await hubkeeper('find', '--hash', sha256(weights), '--json'));
    assert.deepEqual(found.map((file) => [file.repo, file.path, file.onDisk]), [['alice/m1', 'model.safetensors', { hub: false, cache: false }], ['alice/m2', 'model.safetensors', { hub: false, cache: false }]]);
    const table = await hubkeeper('duplicates');
    assert.match(table.stdout, /^CONTENT\s+SIZE\s+PLACES\s+ON DISK\s+WASTED\s+REUSABLE\s+HELD BY\n/);
  });

  it('an unknown repo or revision is one line on stderr and exit code 1', async (t) => {
    const { hubkeeper } = await setup(t);
    assertOneLineError(await hubkeeper('stats', 'bob/none'), /^hubkeeper: bob\/none is not tracked/);
    assertOneLineError(await hubkeeper('similar', 'bob/none'), /^hubkeeper: bob\/none is not tracked/);
    assertOneLineError(await hubkeeper('similar', 'alice/m1', '--with', 'bob/none'), /^hubkeeper: bob\/none is not tracked/);
    assertOneLineError(await hubkeeper('track', 'export', 'bob/none'), /^hubkeeper: bob\/none is not tracked/);
    assertOneLineError(await hubkeeper('track', 'export', 'alice/m1', '--revision', 'nope'), /^hubkeeper: nope is not a stored revision of alice\/m1/);
    assertOneLineError(await hubkeeper('find', '--hash', 'nothex'), /^hubkeeper: --hash must be/);
  });
});
