import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/shared/errors.js';
import { lastInFirstOut, testEngine } from '../helpers/download-fixtures.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

describe('hub API through the download engine', () => {
  it('reads model and dataset info at a revision, and hides private repos without a token', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    const { repo, head } = await seedRepo(server.core.store, { files: { 'config.json': '{}' } });
    const head2 = await commitFiles(server.core.store, repo.id, { 'b.txt': 'b' });
    server.core.store.createTag(repo.id, 'v1', head);
    await seedRepo(server.core.store, { type: 'dataset', name: 'd1', files: { 'x.csv': 'a,b\n' } });
    await seedRepo(server.core.store, { name: 'secret', private: true, files: { 'a.txt': 'a' } });
    const { engine } = await testEngine(t, { endpoint: server.url });

    assert.equal((await engine.repoInfo('model', 'alice/m1')).sha, head2);
    const tagged = await engine.repoInfo('model', 'alice/m1', { revision: 'v1' });
    assert.equal(tagged.sha, head);
    assert.deepEqual(tagged.siblings?.map((s) => s.rfilename).sort(), ['.gitattributes', 'config.json']);
    assert.equal((await engine.repoInfo('dataset', 'alice/d1')).id, 'alice/d1');
    await assert.rejects(engine.repoInfo('model', 'alice/secret'), (error: unknown) => isAppError(error) && error.code === 'RepoNotFound');
    assert.equal((await engine.repoInfo('model', 'alice/secret', { token: server.token })).private, true);
  });

  it('lists repos with filters, following pages up to the limit', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    for (const name of ['bert-a', 'bert-b', 'bert-c', 'gpt-x']) await seedRepo(server.core.store, { name });
    const { engine } = await testEngine(t, { endpoint: server.url });
    const hub = engine.hub();
    const all: string[] = [];
    for await (const info of hub.listRepos('model', { author: 'alice', search: 'bert' })) all.push(info.id);
    assert.deepEqual(all.sort(), ['alice/bert-a', 'alice/bert-b', 'alice/bert-c']);
    const limited: string[] = [];
    for await (const info of hub.listRepos('model', { author: 'alice', limit: 2 })) limited.push(info.id);
    assert.equal(limited.length, 2);
    const tree: string[] = [];
    for await (const entry of hub.listTree('model', 'alice/bert-a', 'main')) tree.push(entry.path);
    assert.deepEqual(tree, ['.gitattributes']);
  });
});
