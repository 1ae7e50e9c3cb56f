import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardImageUrl, isExternalLink } from './markdown-urls.js';

describe('cardImageUrl', () => {
  const hub = { source: 'hub', type: 'dataset', id: 'alice/data', revision: 'main' } as const;

  it('points relative images of hub repos at the hub’s own files', () => {
    assert.equal(cardImageUrl('./img/plot one.png', hub), '/datasets/alice/data/resolve/main/img/plot%20one.png');
    assert.equal(cardImageUrl('chart.svg', { ...hub, type: 'model', revision: 'v1/x' }), '/alice/data/resolve/v1%2Fx/chart.svg');
  });

  it('never loads remote images or scripts', () => {
    assert.equal(cardImageUrl('https://example.com/a.png', hub), undefined);
    assert.equal(cardImageUrl('//example.com/a.png', hub), undefined);
    assert.equal(cardImageUrl('javascript:alert(1)', hub), undefined);
    assert.equal(cardImageUrl('a.png', { ...hub, source: 'cache' }), undefined);
    assert.equal(cardImageUrl('data:image/png;base64,AAAA', hub), 'data:image/png;base64,AAAA');
  });

  it('knows external links', () => {
    assert.equal(isExternalLink('https://hf.co'), true);
    assert.equal(isExternalLink('#usage'), false);
  });
});
