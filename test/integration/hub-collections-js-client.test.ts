import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCollection, deleteCollection, listCollections } from '@huggingface/hub';
import { createTestRepo } from '../helpers/hub-write.js';
import { startServer } from '../helpers/start-server.js';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('collections, driven by @huggingface/hub', () => {
  it('creates, finds by owner, item and title text, and deletes collections', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'm1');
    const hub = { hubUrl: server.url, accessToken: server.token };
    const { slug } = await createCollection({ ...hub, collection: { title: 'Vision 100% models', namespace: 'alice', description: 'Eyes' } });
    await createCollection({ ...hub, collection: { title: 'Audio', namespace: 'alice', private: true } });
    const stored = server.core.store.collections.find(slug.slice(-24));
    assert.ok(stored);
    server.core.store.collections.addItem(stored.id, { repoId: repo.id }, 'see this');

    const titles = (list: ReadonlyArray<{ title: string }>) => list.map((collection) => collection.title).sort();
    assert.deepEqual(titles(await all(listCollections({ ...hub, search: { owner: ['alice'] } }))), ['Audio', 'Vision 100% models']);
    assert.deepEqual(titles(await all(listCollections({ hubUrl: server.url, search: { owner: ['alice'] } }))), ['Vision 100% models']);
    assert.deepEqual(titles(await all(listCollections({ ...hub, search: { q: '100%' } }))), ['Vision 100% models'], '% is text, not a wildcard');
    assert.deepEqual(titles(await all(listCollections({ ...hub, search: { q: 'aud' } }))), ['Audio']);
    const [found] = await all(listCollections({ ...hub, search: { item: ['models/alice/m1'] } }));
    assert.equal(found?.slug, slug);
    assert.equal(found?.owner.name, 'alice');
    assert.deepEqual(found?.items.map((item) => [item.type, item.id, item.position]), [['model', 'alice/m1', 0]]);

    await deleteCollection({ ...hub, slug });
    assert.deepEqual(titles(await all(listCollections({ ...hub, search: { owner: ['alice'] } }))), ['Audio']);
    await assert.rejects(deleteCollection({ ...hub, slug }), (error: unknown) => (error as { statusCode?: number }).statusCode === 404);
  });
});
