import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog, parseFactsFilter, type FactsFilterOptions, type ModelFacts } from '../../src/main/catalog/index.js';
import { DATABASE_FILE } from '../../src/main/db/index.js';
import { openTestCatalog } from '../helpers/catalog-setup.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { lastInFirstOut, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import { ggufFile, safetensorsFile } from '../helpers/model-files.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';
import { readOnlyToken } from '../helpers/hub-write.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';
import type { LibraryFactsResponse } from '../../src/shared/tracking-api.js';
import { join } from 'node:path';
import { readdir, stat, utimes } from 'node:fs/promises';

const weights = safetensorsFile([{ name: 'embed.weight', dtype: 'BF16', shape: [400, 1000] }, { name: 'norm.weight', dtype: 'BF16', shape: [1000] }]);
const llamaParameters = 400 * 1000 + 1000;
const llamaFiles = {
  'config.json': JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 1000, num_hidden_layers: 1, max_position_embeddings: 4096, torch_dtype: 'bfloat16' }),
  'README.md': '---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# Tiny llama\n',
  'model.safetensors': weights,
};
const ggufTensors = [{ name: 'token_embd.weight', dimensions: [64, 3000], type: 12 }];
const q4 = ggufFile({ 'general.architecture': { type: 'string', value: 'qwen2' }, 'general.file_type': { type: 'u32', value: 15 } }, ggufTensors, 50_000);
const ggufFiles = { 'README.md': '---\nlicense: mit\n---\n', 'tiny-Q4_K_M.gguf': q4 };

/** A running hub holding alice/llama-tiny and alice/tiny-gguf, and a catalog on its database with its store (as the CLI opens them). */
async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const server = await startServer(t);
  await seedRepo(server.core.store, { name: 'llama-tiny', files: llamaFiles, lfs: ['model.safetensors'] });
  await seedRepo(server.core.store, { name: 'tiny-gguf', files: ggufFiles, lfs: ['tiny-Q4_K_M.gguf'] });
  const catalog = new Catalog({ db: server.core.db, client: server.core.downloads.client, tokens: () => undefined, store: server.core.store });
  return { t, server, catalog };
}

/** Python's snapshot_download of a repo of `url` into `cacheDir`. */
async function pythonSnapshot(url: string, cacheDir: string, repo: string, allowPatterns?: readonly string[]): Promise<void> {
  const patterns = allowPatterns === undefined ? 'None' : JSON.stringify(allowPatterns);
  await runPythonJsonAsync(pythonWithHfHub(), `from huggingface_hub import snapshot_download\nsnapshot_download(${JSON.stringify(repo)}, allow_patterns=${patterns})\nprint("null")`, {
    HF_ENDPOINT: url, HF_HUB_CACHE: cacheDir, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1',
  });
}

/** The access times of a cache repo's blobs (what its "last used" is made of). */
async function blobAccessTimes(blobs: string): Promise<number[]> {
  return Promise.all((await readdir(blobs)).sort().map(async (name) => (await stat(join(blobs, name))).atimeMs));
}

function factsOf(catalog: Catalog, repo: string, endpoint: string): ModelFacts {
  const [row] = catalog.facts({ repo, endpoint });
  assert.ok(row?.facts, `${repo} on ${endpoint} has facts`);
  return row.facts;
}

const essentials = (facts: ModelFacts) => [facts.architectures, facts.modelType, facts.parameters, facts.dtype, facts.quantisation, facts.formats, facts.license, facts.bytesToLoad, facts.contextLength];

describe('model facts of the local hub and the HF cache', () => {
  it('reads hub revisions from the store and cached snapshots from their files, with no network, and filters them', async (t) => {
    const { t: cleanup, server, catalog } = await setup(t);
    // The running server reads them too after each commit: whatever it has not read yet is read now.
    await catalog.readLocalFacts();
    const llamaEssentials = [['LlamaForCausalLM'], 'llama', llamaParameters, 'BF16', [], ['safetensors'], 'apache-2.0', 2 * llamaParameters, 4096];
    assert.deepEqual(essentials(factsOf(catalog, 'alice/llama-tiny', 'local')), llamaEssentials);
    assert.deepEqual(essentials(factsOf(catalog, 'alice/tiny-gguf', 'local')), [['qwen2'], 'qwen2', 64 * 3000, null, ['Q4_K_M'], ['gguf'], 'mit', q4.length, null]);
    assert.equal(await catalog.readLocalFacts(), 0, 'read once');

    // The HF cache: a whole snapshot, and a partial one that holds only the card.
    const cacheDir = await tempFolder(cleanup, 'hubkeeper-facts-cache-');
    await pythonSnapshot(server.url, cacheDir, 'alice/llama-tiny');
    await pythonSnapshot(server.url, cacheDir, 'alice/tiny-gguf', ['README.md']);
    await server.stop();
    const offline = await openTestCatalog(cleanup, { dataDir: server.dataDir, databaseFile: DATABASE_FILE });
    await offline.catalog.indexCache(cacheDir);
    assert.equal(await offline.catalog.readLocalFacts(), 2);
    const cached = factsOf(offline.catalog, 'alice/llama-tiny', cacheDir);
    assert.deepEqual(essentials(cached), llamaEssentials, 'the same facts from the snapshot files');
    assert.deepEqual(cached.problems, []);
    const partial = factsOf(offline.catalog, 'alice/tiny-gguf', cacheDir);
    assert.deepEqual([partial.license, partial.formats, partial.parameters, partial.problems, partial.complete], ['mit', [], null, [], true], 'files the snapshot lacks are not in its structure');

    const matching = (options: FactsFilterOptions): string[][] => offline.catalog.listFacts(parseFactsFilter(options)).map((row) => [row.repo.repo, row.repo.source]);
    assert.deepEqual(matching({ arch: 'llama' }), [['alice/llama-tiny', 'cache'], ['alice/llama-tiny', 'hub']]);
    assert.deepEqual(matching({ quant: 'Q4_K_M' }), [['alice/tiny-gguf', 'hub']]);
    assert.deepEqual(matching({ license: 'mit' }), [['alice/tiny-gguf', 'cache'], ['alice/tiny-gguf', 'hub']]);
  });

  it('hubkeeper facts and track ls filters answer for hub repos, whether or not the server read them', async (t) => {
    const { server } = await setup(t);
    await server.stop();
    const env = { HF_HOME: await tempFolder(t, 'hubkeeper-hf-home-') };
    const shown = await runCliFromSource(['facts', 'alice/llama-tiny', '--endpoint', 'local', '--json', '--data', server.dataDir], env);
    assert.equal(shown.code, 0, shown.stderr);
    const [row] = JSON.parse(shown.stdout) as Array<{ repo: string; source: string; facts: ModelFacts }>;
    assert.deepEqual([row?.repo, row?.source, row?.facts.parameters, row?.facts.license], ['alice/llama-tiny', 'hub', llamaParameters, 'apache-2.0']);

    const listed = await runCliFromSource(['track', 'ls', '--format', 'gguf', '--data', server.dataDir], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /alice\/tiny-gguf@\*\s+qwen2\s+qwen2\s+192K\s+-\s+Q4_K_M\s+gguf/);
    assert.doesNotMatch(listed.stdout, /llama-tiny/);

    const found = await runCliFromSource(['find', '--ext', 'gguf', '--data', server.dataDir], env);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /^REPO\s+SOURCE\s+PATH\s+SIZE\s+OID\s+SHA256\n/);
    assert.match(found.stdout, /\nalice\/tiny-gguf@main\s+hub\s+tiny-Q4_K_M\.gguf\s/, 'a local hub file says so');
  });

  it('GET /library/facts gives each session the facts of the repos its library lists, filtered as track ls filters', async (t) => {
    const { server } = await setup(t);
    await seedRepo(server.core.store, { name: 'secret-llama', files: llamaFiles, lfs: ['model.safetensors'], private: true });
    const cacheDir = join(server.dataDir, 'hf-hub-cache');
    await pythonSnapshot(server.url, cacheDir, 'alice/llama-tiny');
    await server.core.catalog.indexCache(cacheDir);
    await server.core.catalog.readLocalFacts();

    const owner = await ownerSession(server);
    server.core.accounts.createUser('bob');
    const bob = await tokenSession(server, server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    const reader = await tokenSession(server, readOnlyToken(server, 'carol'));
    const facts = async (cookie: string, query = ''): Promise<string[][]> => {
      const res = await appRequest(server, cookie, 'GET', `/library/facts${query}`);
      assert.equal(res.status, 200, res.text);
      return (res.json() as LibraryFactsResponse).repos
        .map((repo) => [repo.source, repo.id, String(repo.facts?.parameters ?? null), repo.facts?.license ?? ''])
        .sort((a, b) => a.join().localeCompare(b.join()));
    };
    const llama = String(llamaParameters);
    assert.deepEqual(await facts(owner), [
      ['cache', 'alice/llama-tiny', llama, 'apache-2.0'],
      ['hub', 'alice/llama-tiny', llama, 'apache-2.0'],
      ['hub', 'alice/secret-llama', llama, 'apache-2.0'],
      ['hub', 'alice/tiny-gguf', String(64 * 3000), 'mit'],
    ]);
    assert.deepEqual((await facts(owner, '?arch=llama&maxParams=1M&library=transformers')).map((row) => `${row[0]}:${row[1]}`), ['cache:alice/llama-tiny', 'hub:alice/llama-tiny', 'hub:alice/secret-llama']);
    assert.deepEqual((await facts(owner, '?fits=100kB&format=gguf&quant=Q4_K_M')).map((row) => row[1]), ['alice/tiny-gguf']);
    assert.deepEqual(await facts(owner, '?minParams=1B'), []);

    // Another user, and a read token's session: public hub repos only, never the owner's HF cache.
    for (const [who, cookie] of [['another user', bob], ['a read token', reader]] as const) {
      assert.deepEqual((await facts(cookie)).map((row) => `${row[0]}:${row[1]}`), ['hub:alice/llama-tiny', 'hub:alice/tiny-gguf'], who);
      assert.deepEqual((await facts(cookie, '?arch=llama')).map((row) => `${row[0]}:${row[1]}`), ['hub:alice/llama-tiny'], who);
    }
    assertRefused(await appRequest(server, undefined, 'GET', '/library/facts'), 401, 'Unauthorized', 'anonymous');
    assertRefused(await appRequest(server, owner, 'GET', '/library/facts?minParams=lots'), 400, 'BadRequest', 'a parameter count that does not parse');
    assertRefused(await appRequest(server, owner, 'GET', '/library/facts?colour=red'), 400, 'BadRequest', 'an unknown filter');
  });

  it("reads a cached snapshot's headers without moving its last-used time (the Library's order, the eviction order)", async (t) => {
    const cleanup = lastInFirstOut(t);
    const remote = await startServer(cleanup);
    await seedRepo(remote.core.store, { name: 'llama-tiny', files: llamaFiles, lfs: ['model.safetensors'] });
    const { engine, cacheDir } = await testEngine(cleanup, { endpoint: remote.url });
    await engine.snapshotDownload('alice/llama-tiny');
    const blobs = join(cacheDir, 'models--alice--llama-tiny', 'blobs');
    // Last used two days ago: a plain read now would move it, even on a relatime mount.
    const days = (count: number): Date => new Date(Date.now() - count * 86_400_000);
    for (const name of await readdir(blobs)) await utimes(join(blobs, name), days(2), days(3));
    const before = await blobAccessTimes(blobs);
    const { catalog } = await openTestCatalog(cleanup);
    await catalog.indexCache(cacheDir);
    assert.equal(await catalog.readLocalFacts(), 1);
    assert.equal(factsOf(catalog, 'alice/llama-tiny', cacheDir).parameters, llamaParameters, 'read from the snapshot');
    assert.deepEqual(await blobAccessTimes(blobs), before);
  });
});
