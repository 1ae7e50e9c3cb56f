import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../shared/errors.js';
import { createApiClient, parseHealth, type FetchLike } from './api-client.js';

function recordingFetch(response: () => Response): { fetch: FetchLike; calls: { input: string; init: RequestInit | undefined }[] } {
  const calls: { input: string; init: RequestInit | undefined }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ input, init });
      return Promise.resolve(response());
    },
  };
}

describe('parseHealth', () => {
  it('keeps status and version and ignores other fields', () => {
    assert.deepEqual(parseHealth({ status: 'ok', version: '0.1.0', uptime: 3 }), { status: 'ok', version: '0.1.0' });
  });

  it('tolerates a missing or non-string version', () => {
    assert.deepEqual(parseHealth({ status: 'ok' }), { status: 'ok', version: undefined });
    assert.deepEqual(parseHealth({ status: 'ok', version: 1 }), { status: 'ok', version: undefined });
  });

  it('rejects bodies without a status', () => {
    for (const body of [null, 'ok', [], {}, { status: 200 }]) {
      assert.throws(() => parseHealth(body), /unexpected body/);
    }
  });
});

describe('createApiClient', () => {
  it('asks the core for /health with a relative URL and the caller’s signal', async () => {
    const recorder = recordingFetch(() => Response.json({ status: 'ok', version: '1.2.3' }));
    const controller = new AbortController();
    const health = await createApiClient(recorder.fetch).getHealth(controller.signal);
    assert.deepEqual(health, { status: 'ok', version: '1.2.3' });
    assert.equal(recorder.calls.length, 1);
    assert.equal(recorder.calls[0]?.input, '/health');
    assert.equal(recorder.calls[0]?.init?.signal, controller.signal);
  });

  it('reports the core’s X-Error-Code and X-Error-Message', async () => {
    const recorder = recordingFetch(
      () => new Response('{}', { status: 401, headers: { 'X-Error-Code': 'Unauthorized', 'X-Error-Message': 'Invalid token' } }),
    );
    await assert.rejects(createApiClient(recorder.fetch).getHealth(), (error) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, 'Unauthorized');
      assert.equal(error.message, 'Invalid token');
      assert.equal(error.details.httpStatus, '401');
      return true;
    });
  });

  it('falls back to the JSON error body, then to the HTTP status', async () => {
    const json = recordingFetch(() => Response.json({ error: 'database is locked' }, { status: 503 }));
    await assert.rejects(createApiClient(json.fetch).getHealth(), { code: 'Internal', message: 'database is locked' });

    const bare = recordingFetch(() => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    await assert.rejects(createApiClient(bare.fetch).getHealth(), { code: 'Internal', message: 'HTTP 502 Bad Gateway' });
  });

  it('ignores unknown error codes rather than trusting them', async () => {
    const recorder = recordingFetch(() => new Response('', { status: 400, headers: { 'X-Error-Code': 'toString' } }));
    await assert.rejects(createApiClient(recorder.fetch).getHealth(), { code: 'Internal' });
  });
});

describe('app API calls', () => {
  it('encodes the repo id as one path segment and the revision as a query', async () => {
    const recorder = recordingFetch(() => Response.json({ commit: 'c', files: [] }));
    await createApiClient(recorder.fetch).getTree({ source: 'hub', type: 'model', id: 'alice/Llama-3.1' }, 'feature/x');
    assert.equal(recorder.calls[0]?.input, '/-/api/v1/repos/hub/model/alice%2FLlama-3.1/tree?revision=feature%2Fx');
  });

  it('sends state changes as JSON, with the session cookie of the same origin', async () => {
    const recorder = recordingFetch(() => Response.json({ freedBytes: 1, deferred: false }));
    await createApiClient(recorder.fetch).deleteRevision({ source: 'cache', type: 'dataset', id: 'gpt2' }, 'abc');
    const init = recorder.calls[0]?.init;
    assert.equal(init?.method, 'POST');
    assert.equal(init?.credentials, 'same-origin');
    assert.deepEqual(init?.headers, { Accept: 'application/json', 'Content-Type': 'application/json' });
    assert.equal(init?.body, '{"revision":"abc"}');
  });

  it('sends a JSON body even when there is nothing to say', async () => {
    const recorder = recordingFetch(() => Response.json({ removed: true }));
    await createApiClient(recorder.fetch).removeHub('h1');
    assert.equal(recorder.calls[0]?.input, '/-/api/v1/hubs/h1');
    assert.equal(recorder.calls[0]?.init?.method, 'DELETE');
    assert.equal(recorder.calls[0]?.init?.body, '{}');
  });
});
