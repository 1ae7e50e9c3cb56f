import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModelCard } from './front-matter.js';

describe('parseModelCard', () => {
  it('turns front matter into tags and keeps the markdown', () => {
    const card = parseModelCard('---\nlicense: mit\ntags:\n  - text-generation\n  - en\nlikes: 3\nmodel-index:\n  - name: x\n---\n# Title\n');
    assert.deepEqual(card.tags, [
      { label: 'license', value: 'mit' },
      { label: 'tags', value: 'text-generation' },
      { label: 'tags', value: 'en' },
      { label: 'likes', value: '3' },
    ]);
    assert.equal(card.body, '# Title\n');
  });

  it('leaves cards without or with broken front matter readable', () => {
    assert.deepEqual(parseModelCard('# Just markdown'), { tags: [], body: '# Just markdown' });
    assert.deepEqual(parseModelCard('---\nkey: [unclosed\n---\nBody'), { tags: [], body: 'Body' });
    assert.deepEqual(parseModelCard('---\n- a list\n---\nBody'), { tags: [], body: 'Body' });
  });
});
