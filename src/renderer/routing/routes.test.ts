import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHash, parseHash, type Route } from './routes.js';

describe('hash routes', () => {
  it('round-trips every screen', () => {
    const routes: Route[] = [
      { screen: 'library' },
      { screen: 'remote' },
      { screen: 'downloads' },
      { screen: 'disk' },
      { screen: 'settings' },
      { screen: 'sign-in', code: 'abc_-1' },
      { screen: 'repo', source: 'hub', type: 'model', id: 'alice/Llama-3.1-8B', revision: 'feature/x', tab: 'compare' },
      { screen: 'repo', source: 'cache', type: 'dataset', id: 'gpt2', revision: undefined, tab: 'files' },
    ];
    for (const route of routes) assert.deepEqual(parseHash(formatHash(route)), route, formatHash(route));
  });

  it('falls back to the library for anything unknown', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#/repo/x/model/a', '#/repo/hub/kernel/a/b', '#/library/extra']) {
      assert.deepEqual(parseHash(hash), { screen: 'library' }, hash);
    }
  });

  it('ignores an unknown tab', () => {
    const route = parseHash('#/repo/hub/model/a/b?tab=secrets');
    assert.equal(route.screen === 'repo' ? route.tab : '', 'files');
  });
});
