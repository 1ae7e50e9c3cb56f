import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredRevision, TrackedRepo } from '../catalog/index.js';
import { trackedRepoView } from './tracking-views.js';

const DAY = 24 * 3600_000;
const repo = (commit: string | null, everyMs: number | null): TrackedRepo => ({
  id: 1, source: 'remote', endpoint: 'https://hub.example', repoType: 'model', repo: 'alice/m1', revision: 'main', commit, refs: [], everyMs,
  files: null, totalSize: null, addedAt: 1000, checkedAt: commit === null ? null : 5000, error: null, errorAt: null,
});
const stored = (commit: string, fetchedAt: number): StoredRevision => ({ commit, refs: [], files: 1, totalSize: 1, fetchedAt });

describe('a tracked repo as the Tracking screen shows it', () => {
  it('has an update when the hub moved on from a stored commit, also back to an older one', () => {
    assert.deepEqual(pick(trackedRepoView(repo('a', DAY), [stored('a', 5000)])), [null, false]);
    assert.deepEqual(pick(trackedRepoView(repo('b', DAY), [stored('b', 6000), stored('a', 5000)])), ['a', true]);
    assert.deepEqual(pick(trackedRepoView(repo('a', DAY), [stored('b', 6000), stored('a', 5000)])), ['b', true], 'reverted to a');
    assert.deepEqual(pick(trackedRepoView(repo(null, DAY), [])), [null, false]);
  });
});

function pick(view: ReturnType<typeof trackedRepoView>): [string | null, boolean] {
  return [view.previousCommit, view.updateAvailable];
}
