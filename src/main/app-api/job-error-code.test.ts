import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobErrorCode } from './job-error-code.js';

describe('jobErrorCode', () => {
  it('recognises the engine’s and the hubs’ messages', () => {
    assert.equal(jobErrorCode('Access to model meta/llama is restricted. You must be authenticated'), 'GatedRepo');
    assert.equal(jobErrorCode('Not enough disk space for a.bin: 2 GB needed, 1 GB free in /c'), 'InsufficientStorage');
    assert.equal(jobErrorCode('The disk filled up while downloading a.bin (0 B kept); free some space and try again'), 'InsufficientStorage');
    assert.equal(jobErrorCode('Invalid credentials in Authorization header'), 'Unauthorized');
    assert.equal(jobErrorCode('Repository not found. Check the repo id and type'), 'RepoNotFound');
    assert.equal(jobErrorCode('Invalid rev id: nope'), 'RevisionNotFound');
    assert.equal(jobErrorCode('connect ECONNREFUSED 127.0.0.1:9'), 'UpstreamUnavailable');
    assert.equal(jobErrorCode('something odd'), 'Internal');
  });
});
