import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALICE, tempStore } from '../../../test/helpers/temp-store.js';

const author = ALICE;

async function repoWithTree() {
  const store = tempStore();
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  const paths = ['a.txt', 'b/c.txt', 'b/d/e.txt', 'b/d/f.txt', 'b/g.txt', 'h/i.txt', 'j.txt'];
  const { commitOid } = await store.commit({
    repoId: repo.id,
    branch: 'main',
    title: 'files',
    author,
    operations: paths.map((path) => ({ type: 'add' as const, path, content: { data: Buffer.from(path) } })),
  });
  return { store, commit: commitOid };
}

describe('tree listing in pages', () => {
  test('yields at most `limit` entries, and pages resumed with `after` add up to the full listing', async () => {
    const { store, commit } = await repoWithTree();
    const full = [...store.listTree(commit, '', { recursive: true })].map((e) => e.path);
    assert.equal(full.length, 11);
    for (const size of [1, 2, 3, 5]) {
      const paged: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = [...store.listTree(commit, '', { recursive: true, after, limit: size })].map((e) => e.path);
        assert.ok(page.length <= size);
        paged.push(...page);
        if (page.length < size) break;
        after = page[page.length - 1];
      }
      assert.deepEqual(paged, full, `pages of ${size}`);
    }
  });

  test('pages a sub-folder without leaving it', async () => {
    const { store, commit } = await repoWithTree();
    const first = [...store.listTree(commit, 'b', { recursive: true, limit: 2 })].map((e) => e.path);
    assert.deepEqual(first, ['b/c.txt', 'b/d']);
    const rest = [...store.listTree(commit, 'b', { recursive: true, after: 'b/d' })].map((e) => e.path);
    assert.deepEqual(rest, ['b/d/e.txt', 'b/d/f.txt', 'b/g.txt']);
  });
});
