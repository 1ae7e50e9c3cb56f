import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrontMatter } from './front-matter.js';

describe('card front matter', () => {
  it('reads the block as the Hub finds it, and gives the markdown after it', () => {
    assert.deepEqual(parseFrontMatter('---\nlicense: mit\ntags: [a, b]\n---\n# Model\n'), { ok: true, data: { license: 'mit', tags: ['a', 'b'] }, body: '# Model\n', warnings: [] });
    assert.deepEqual(parseFrontMatter('\uFEFF\n---  \r\na: 1\r\n---\r\nBody'), { ok: true, data: { a: 1 }, body: 'Body', warnings: [] });
    assert.deepEqual(parseFrontMatter('---\n---\nBody'), { ok: true, data: {}, body: 'Body', warnings: [] });
    assert.deepEqual(parseFrontMatter('# Title\n---\nnot: metadata\n---\n'), { ok: true, data: undefined, body: '# Title\n---\nnot: metadata\n---\n', warnings: [] });
  });

  it('returns YAML that does not parse, or is not a mapping, as a typed error of one-line messages', () => {
    const broken = parseFrontMatter('---\nlicense: [mit\ntags: x\n---\nBody');
    assert.equal(broken.ok, false);
    assert.equal(broken.body, 'Body');
    assert.ok(!broken.ok && broken.error.kind === 'invalid-yaml' && broken.error.messages.length > 0 && broken.error.messages.every((message) => message !== '' && !message.includes('\n')), JSON.stringify(broken));
    assert.deepEqual(parseFrontMatter('---\n- a\n- b\n---\n'), { ok: false, error: { kind: 'not-a-mapping' }, body: '', warnings: [] });
  });

  it('refuses a block whose aliases would expand without bound, instead of throwing', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
    const laughs = parseFrontMatter(`---\n${levels.join('\n')}\n---\n`);
    assert.ok(!laughs.ok && laughs.error.kind === 'invalid-yaml' && /alias/i.test(laughs.error.messages[0] ?? ''), JSON.stringify(laughs));
  });
});
