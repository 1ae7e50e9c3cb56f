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
      { screen: 'repo', source: 'hub', type: 'model', id: 'alice/m1', revision: 'refs/pr/3', tab: 'discussions' },
      { screen: 'repo', source: 'hub', type: 'model', id: 'alice/m1', revision: undefined, tab: 'discussions', discussion: 3 },
      { screen: 'tracking', tab: '', repo: undefined, path: '' },
      { screen: 'tracking', tab: 'files', repo: 12, path: 'weights/a b&c.safetensors' },
      { screen: 'open', url: 'hubkeeper://download/org/name?include=*.json&include=a+b%20c' },
    ];
    for (const route of routes) assert.deepEqual(parseHash(formatHash(route)), route, formatHash(route));
  });

  it('reads the hash /open?url= leads to (the deep-link page of serve and of the desktop shell)', () => {
    const url = 'hubkeeper://download/org/name?revision=v1&include=*.safetensors';
    assert.deepEqual(parseHash(`#/open?url=${encodeURIComponent(url)}`), { screen: 'open', url });
  });

  it('falls back to the library for anything unknown', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#/repo/x/model/a', '#/repo/hub/kernel/a/b', '#/library/extra']) {
      assert.deepEqual(parseHash(hash), { screen: 'library' }, hash);
    }
  });

  it('opens a discussion only on the discussions tab, and only by a number', () => {
    for (const hash of ['#/repo/hub/model/a/b?tab=files&num=3', '#/repo/hub/model/a/b?tab=discussions&num=x', '#/repo/hub/model/a/b?tab=discussions&num=0']) {
      const route = parseHash(hash);
      assert.ok(route.screen === 'repo' && route.discussion === undefined && !('discussion' in route), hash);
    }
  });

  it('ignores an unknown tab', () => {
    const route = parseHash('#/repo/hub/model/a/b?tab=secrets');
    assert.equal(route.screen === 'repo' ? route.tab : '', 'files');
  });

  it('opens a tracked repo only by a positive number', () => {
    for (const hash of ['#/tracking?tab=files&repo=0', '#/tracking?repo=x', '#/tracking?repo=1e3']) {
      const route = parseHash(hash);
      assert.ok(route.screen === 'tracking' && route.repo === undefined, hash);
    }
  });
});
