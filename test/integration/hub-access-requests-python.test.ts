import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRepo } from '../helpers/hub-write.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const HELPERS = `
import json, os, tempfile
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.utils import get_session
endpoint = os.environ['HF_ENDPOINT']
def download(token, repo='alice/gated'):
    return status(lambda: hf_hub_download(repo, 'weights.bin', token=token, cache_dir=tempfile.mkdtemp()))
def ask(path, token, **kwargs):
    headers = {'authorization': f'Bearer {token}'} if token else {}
    r = get_session().post(f'{endpoint}/{path}/ask-access', headers=headers, **kwargs)
    return [r.status_code, r.headers.get('x-error-code'), r.json()]
def raw(method, path, **kwargs):
    r = get_session().request(method, f'{endpoint}{path}', headers={'authorization': 'Bearer ' + os.environ['HF_TOKEN']}, **kwargs)
    return [r.status_code, r.headers.get('x-error-code')]
def lfs_batch(token):
    body = {'operation': 'download', 'transfers': ['basic'], 'objects': [{'oid': '0' * 64, 'size': 1}]}
    r = get_session().post(f'{endpoint}/alice/gated.git/info/lfs/objects/batch', json=body,
        headers={'authorization': f'Bearer {token}', 'accept': 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json'})
    return r.status_code
def listed(kind, repo='alice/gated'):
    return [[r.username, r.fullname, r.email, r.status, r.fields] for r in getattr(api, f'list_{kind}_access_requests')(repo)]
`;

/**
 * Runs a Python snippet that prints `out` as JSON. In scope: `api` (HfApi, alice's token),
 * `tokens`, `status(fn)` ([HTTP status, X-Error-Code] of a call), `download(token)` (hf_hub_download
 * of alice/gated's weights.bin, answering the status pair), `ask(path, token, **kw)` (POST
 * /{path}/ask-access, answering [status, code, json]), `raw(method, path, **kw)` (a request with
 * alice's token, answering the status pair) and `listed(kind)` (an access request list).
 */
function runPython(server: TestServer, code: string, tokens: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return runHfApiSnippet(server, code, { tokens, helpers: HELPERS });
}

function userWithToken(server: TestServer, name: string, role: 'read' | 'write' = 'write'): string {
  server.core.accounts.createUser(name, { fullname: `${name[0]?.toUpperCase()}${name.slice(1)} Example`, email: `${name}@example.com` });
  return server.core.accounts.createToken(name, { role, displayName: name });
}

describe('gated repos: access requests, driven by huggingface_hub (Python)', () => {
  it('with manual approval, files stay closed until the owner accepts; cancel and reject close them again', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'gated');
    const tokens = { bob: userWithToken(server, 'bob'), carol: userWithToken(server, 'carol', 'read') };
    const out = await runPython(server, `
api.upload_file(path_or_fileobj=b'weights', path_in_repo='weights.bin', repo_id='alice/gated')
api.update_repo_settings('alice/gated', gated='manual')
out['owner'] = download(os.environ['HF_TOKEN'])
out['anonymous'] = download(False)
out['before'] = download(tokens['bob'])
out['lfs_before'] = lfs_batch(tokens['bob'])
out['ask'] = ask('alice/gated', tokens['bob'], data={'company': 'Acme', 'use': 'research'})
out['pending_download'] = download(tokens['bob'])
out['pending'] = listed('pending')
out['ask_again'] = ask('alice/gated', tokens['bob'], data={'company': 'Acme Corp'})
out['pending_again'] = listed('pending')
out['bob_lists'] = status(lambda: list(api.list_pending_access_requests('alice/gated', token=tokens['bob'])))
out['anonymous_lists'] = status(lambda: list(api.list_pending_access_requests('alice/gated', token=False)))
out['bob_accepts'] = status(lambda: api.accept_access_request('alice/gated', 'bob', token=tokens['bob']))
api.accept_access_request('alice/gated', 'bob')
out['accepted'] = listed('accepted')
out['pending_after'] = listed('pending')
out['accepted_download'] = download(tokens['bob'])
out['lfs_accepted'] = lfs_batch(tokens['bob'])
api.cancel_access_request('alice/gated', 'bob')
out['cancelled'] = [listed('pending'), listed('accepted')]
out['cancelled_download'] = download(tokens['bob'])
api.reject_access_request('alice/gated', 'bob', rejection_reason='Not for commercial use')
out['rejected'] = listed('rejected')
r = get_session().get(f'{endpoint}/api/models/alice/gated/user-access-request/rejected', headers={'authorization': 'Bearer ' + os.environ['HF_TOKEN']})
out['rejected_raw'] = r.json()[0].get('rejectionReason')
out['rejected_download'] = download(tokens['bob'])
out['ask_after_reject'] = ask('alice/gated', tokens['bob'], data={'company': 'Acme'})
out['reason_on_accept'] = raw('POST', '/api/models/alice/gated/user-access-request/handle', json={'user': 'bob', 'status': 'accepted', 'rejectionReason': 'x'})
out['carol_before'] = download(tokens['carol'])
out['grant'] = api.grant_access('alice/gated', 'carol')
out['carol_after'] = download(tokens['carol'])
out['accepted_after_grant'] = listed('accepted')
out['grant_again'] = status(lambda: api.grant_access('alice/gated', 'carol'))
out['grant_member'] = status(lambda: api.grant_access('alice/gated', 'alice'))
out['grant_nobody'] = status(lambda: api.grant_access('alice/gated', 'nobody'))
out['accept_without_request'] = status(lambda: api.accept_access_request('alice/gated', 'dave'))
out['bad_list'] = raw('GET', '/api/models/alice/gated/user-access-request/all')
`, tokens);
    assert.deepEqual(out.owner, [200, null], 'members of the namespace always download');
    assert.deepEqual(out.anonymous, [401, 'GatedRepo']);
    assert.deepEqual(out.before, [403, 'GatedRepo']);
    assert.deepEqual(out.ask, [200, null, { status: 'pending' }]);
    assert.deepEqual(out.pending_download, [403, 'GatedRepo']);
    assert.deepEqual(out.pending, [['bob', 'Bob Example', 'bob@example.com', 'pending', { company: 'Acme', use: 'research' }]]);
    assert.deepEqual(out.ask_again, [200, null, { status: 'pending' }]);
    assert.deepEqual(out.pending_again, [['bob', 'Bob Example', 'bob@example.com', 'pending', { company: 'Acme Corp' }]], 'asking again updates the form');
    assert.deepEqual(out.bob_lists, [403, 'Forbidden'], 'only the repo writers see requests');
    assert.deepEqual(out.anonymous_lists, [401, 'Unauthorized']);
    assert.deepEqual(out.bob_accepts, [403, 'Forbidden']);
    assert.deepEqual(out.accepted, [['bob', 'Bob Example', 'bob@example.com', 'accepted', { company: 'Acme Corp' }]]);
    assert.deepEqual(out.pending_after, []);
    assert.deepEqual(out.accepted_download, [200, null]);
    assert.deepEqual([out.lfs_before, out.lfs_accepted], [403, 200], 'git-lfs downloads pass the same gate');
    assert.deepEqual(out.cancelled, [[['bob', 'Bob Example', 'bob@example.com', 'pending', { company: 'Acme Corp' }]], []]);
    assert.deepEqual(out.cancelled_download, [403, 'GatedRepo']);
    assert.deepEqual(out.rejected, [['bob', 'Bob Example', 'bob@example.com', 'rejected', { company: 'Acme Corp' }]]);
    assert.equal(out.rejected_raw, 'Not for commercial use');
    assert.deepEqual(out.rejected_download, [403, 'GatedRepo']);
    assert.deepEqual(out.ask_after_reject, [200, null, { status: 'rejected' }], 'a rejected user cannot reopen their request');
    assert.deepEqual(out.reason_on_accept, [400, 'BadRequest']);
    assert.deepEqual(out.carol_before, [403, 'GatedRepo']);
    assert.equal((out.grant as { status: string }).status, 'accepted');
    assert.deepEqual(out.carol_after, [200, null], 'a grant needs no request, and a read token downloads');
    assert.deepEqual(out.accepted_after_grant, [['carol', 'Carol Example', null, 'accepted', null]], 'a grant shows no email, as on HF');
    assert.deepEqual(out.grant_again, [400, 'BadRequest']);
    assert.deepEqual(out.grant_member, [400, 'BadRequest']);
    assert.deepEqual(out.grant_nobody, [404, 'NotFound']);
    assert.deepEqual(out.accept_without_request, [404, 'NotFound']);
    assert.deepEqual(out.bad_list, [404, 'NotFound']);
  });

  it('with automatic approval, asking opens the files at once; the gate form needs a signed-in user and a gated repo', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'gated');
    createTestRepo(server, 'open');
    createTestRepo(server, 'secret', { private: true });
    createTestRepo(server, 'data', { type: 'dataset' });
    const tokens = { bob: userWithToken(server, 'bob') };
    const out = await runPython(server, `
api.upload_file(path_or_fileobj=b'weights', path_in_repo='weights.bin', repo_id='alice/gated')
api.update_repo_settings('alice/gated', gated='auto')
api.update_repo_settings('alice/secret', gated='manual')
api.update_repo_settings('alice/data', gated='auto', repo_type='dataset')
out['before'] = download(tokens['bob'])
out['anonymous_ask'] = ask('alice/gated', None, data={'company': 'Acme'})
out['ask'] = ask('alice/gated', tokens['bob'], json={'company': 'Acme', 'agree': True})
out['after'] = download(tokens['bob'])
out['accepted'] = listed('accepted')
out['pending'] = listed('pending')
out['open_ask'] = ask('alice/open', tokens['bob'])
out['open_grant'] = status(lambda: api.grant_access('alice/open', 'bob'))
out['secret_ask'] = ask('alice/secret', tokens['bob'])
out['secret_list'] = status(lambda: list(api.list_pending_access_requests('alice/secret', token=tokens['bob'])))
out['missing_list'] = status(lambda: list(api.list_pending_access_requests('alice/nope')))
out['dataset_ask'] = ask('datasets/alice/data', tokens['bob'])
out['dataset_accepted'] = [r.username for r in api.list_accepted_access_requests('alice/data', repo_type='dataset')]
`, tokens);
    assert.deepEqual(out.before, [403, 'GatedRepo']);
    assert.deepEqual(out.anonymous_ask, [401, 'Unauthorized', { error: 'Invalid credentials in Authorization header' }]);
    assert.deepEqual(out.ask, [200, null, { status: 'accepted' }]);
    assert.deepEqual(out.after, [200, null]);
    assert.deepEqual(out.accepted, [['bob', 'Bob Example', 'bob@example.com', 'accepted', { company: 'Acme', agree: 'true' }]]);
    assert.deepEqual(out.pending, []);
    assert.equal((out.open_ask as unknown[])[0], 400);
    assert.deepEqual(out.open_grant, [400, 'BadRequest'], 'a repo without a gate has no access list');
    assert.deepEqual((out.secret_ask as unknown[]).slice(0, 2), [404, 'RepoNotFound'], 'a private repo stays hidden');
    assert.deepEqual(out.secret_list, [404, 'RepoNotFound']);
    assert.deepEqual(out.missing_list, [404, 'RepoNotFound']);
    assert.deepEqual(out.dataset_ask, [200, null, { status: 'accepted' }]);
    assert.deepEqual(out.dataset_accepted, ['bob']);
  });
});
