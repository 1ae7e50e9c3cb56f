import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RemoteHub } from '../../../shared/app-api.js';
import { deepLinkTarget, type DeepLinkContext } from './deep-link-target.js';

const hubs: RemoteHub[] = [
  { id: 'hf', name: 'Hugging Face', endpoint: 'https://huggingface.co', hasToken: false },
  { id: 'h2', name: 'Lab Mirror', endpoint: 'http://mirror.lan:7860', hasToken: true },
];
const context: DeepLinkContext = { hubs, cached: (type, repo) => type === 'model' && repo === 'org/cached' };

describe('deepLinkTarget', () => {
  it('opens a repo from the cache when it is there, else from the local hub', () => {
    const cached = deepLinkTarget({ action: 'open-repo', type: 'model', repo: 'org/cached', revision: undefined }, context);
    assert.ok(cached.ok);
    assert.deepEqual(cached.route, { screen: 'repo', source: 'cache', type: 'model', id: 'org/cached', revision: undefined, tab: 'files' });
    const hub = deepLinkTarget({ action: 'open-repo', type: 'dataset', repo: 'org/cached', revision: 'dev' }, context);
    assert.ok(hub.ok);
    assert.deepEqual(hub.route, { screen: 'repo', source: 'hub', type: 'dataset', id: 'org/cached', revision: 'dev', tab: 'files' });
  });

  it('never downloads by itself: a download link opens the repo on the Remote screen with its patterns, to confirm there', () => {
    const target = deepLinkTarget({ action: 'download', type: 'model', repo: 'org/name', revision: 'v1', include: ['*.safetensors', 'config.json'] }, context);
    assert.ok(target.ok);
    assert.deepEqual(target.route, { screen: 'remote' });
    assert.equal(target.action, 'Review the download');
    assert.match(target.summary, /Download the model org\/name at v1 \(files matching \*\.safetensors, config\.json\) from Hugging Face/);
    assert.deepEqual(target.remote, { hubId: 'hf', type: 'model', query: 'org/name', draft: 'org/name', repo: 'org/name', revision: 'v1', patterns: '*.safetensors, config.json' });
  });

  it('finds a remote hub by id or by name, and says so when there is none', () => {
    const byName = deepLinkTarget({ action: 'open-remote', hub: 'lab mirror', type: 'space', repo: 'org/app', revision: undefined }, context);
    assert.ok(byName.ok);
    assert.equal(byName.remote?.hubId, 'h2');
    assert.equal(byName.remote?.revision, 'main');
    const missing = deepLinkTarget({ action: 'open-remote', hub: 'nowhere', type: 'model', repo: 'org/x', revision: undefined }, context);
    assert.deepEqual(missing, { ok: false, problem: 'No remote hub is called "nowhere": add it in Settings first.' });
    const noHubs = deepLinkTarget({ action: 'download', type: 'model', repo: 'org/x', revision: undefined, include: [] }, { ...context, hubs: [] });
    assert.equal(noHubs.ok, false);
  });
});
