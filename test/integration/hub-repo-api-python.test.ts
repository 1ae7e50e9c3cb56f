import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRepo, headOf } from '../helpers/hub-write.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

/** Python run after the HfApi prelude: `hf_hub_download`, and `err(fn)`, the exception class name, HTTP status, X-Error-Code and message an HfApi call raises. */
const ERR_HELPER = `
from huggingface_hub import hf_hub_download
def err(fn):
    try:
        fn()
        return None
    except HfHubHTTPError as e:
        return {'type': type(e).__name__, 'status': e.response.status_code, 'code': e.response.headers.get('x-error-code'),
                'message': e.response.headers.get('x-error-message'), 'text': str(e)}
`;

/** Runs a snippet with `api` (HfApi on the test hub, alice's token), `tokens` and `err` (see runHfApiSnippet). */
function runPython(server: TestServer, code: string, tokens: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return runHfApiSnippet(server, code, { tokens, helpers: ERR_HELPER });
}

/** A user outside alice's namespace, with a write token. */
function outsider(server: TestServer, name = 'bob'): string {
  server.core.accounts.createUser(name);
  return server.core.accounts.createToken(name, { role: 'write', displayName: name });
}

interface PyError {
  type: string;
  status: number;
  code: string | null;
  message: string | null;
  text: string;
}

describe('the rest of the repo API, driven by huggingface_hub (Python)', () => {
  it('answers RepoNotFound for one-segment ids, missing repos, unknown sub-routes and hidden private repos alike', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'secret', { private: true });
    const bob = outsider(server);
    const out = await runPython(server, `
out['one_segment_info'] = err(lambda: api.model_info('gpt2'))
out['one_segment_file'] = err(lambda: hf_hub_download('gpt2', 'config.json'))
out['missing_commits'] = err(lambda: api.list_repo_commits('alice/nope'))
out['missing_unlike'] = err(lambda: api.unlike('alice/nope'))
out['private_for_bob'] = err(lambda: api.model_info('alice/secret', token=tokens['bob']))
out['missing_for_bob'] = err(lambda: api.model_info('alice/nope', token=tokens['bob']))
`, { bob });
    for (const key of ['one_segment_info', 'one_segment_file', 'missing_commits', 'missing_unlike']) {
      const error = out[key] as PyError;
      assert.equal(error.type, 'RepositoryNotFoundError', key);
      assert.equal(error.status, 404, key);
      assert.equal(error.code, 'RepoNotFound', key);
      assert.equal(error.message, 'Repository not found', key);
    }
    // A private repo the caller may not see answers exactly as a missing one.
    const hidden = out.private_for_bob as PyError;
    const missing = out.missing_for_bob as PyError;
    assert.deepEqual([hidden.type, hidden.status, hidden.code, hidden.message], [missing.type, missing.status, missing.code, missing.message]);

    for (const path of ['/api/models/alice/nope/duplicate', '/api/models/alice/nope/like', '/api/models/alice/secret/like', '/api/datasets/gpt2']) {
      const res = await httpRequest(`${server.url}${path}`, { method: 'POST', headers: bearer(bob) });
      assert.equal(res.status, 404, path);
      assert.equal(res.header('x-error-code'), 'RepoNotFound', path);
    }
    const unknown = await httpRequest(`${server.url}/api/models/alice/secret/no-such-route`, { headers: bearer(server.token) });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.header('x-error-code'), 'NotFound');
  });

  it("raises HF's own error texts: move onto an existing repo, stale parent, existing branch, protected main, missing revision", async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'm1');
    createTestRepo(server, 'm2');
    const stale = headOf(server, repo);
    const out = await runPython(server, `
from huggingface_hub import CommitOperationAdd
api.upload_file(path_or_fileobj=b'one', path_in_repo='a.txt', repo_id='alice/m1')
out['move'] = err(lambda: api.move_repo('alice/m1', 'alice/m2'))
out['stale'] = err(lambda: api.create_commit('alice/m1', [CommitOperationAdd('b.txt', b'two')], commit_message='b', parent_commit='${stale}'))
api.create_branch('alice/m1', branch='dev')
out['branch'] = err(lambda: api.create_branch('alice/m1', branch='dev'))
out['main'] = err(lambda: api.delete_branch('alice/m1', branch='main'))
out['revision'] = err(lambda: api.list_repo_files('alice/m1', revision='nope'))
out['tag'] = err(lambda: api.create_tag('alice/m1', tag='bad..name', revision='nope'))
`);
    const move = out.move as PyError;
    assert.equal(move.status, 409);
    assert.match(move.text, /A model repository called alice\/m2 already exists/);
    const staleError = out.stale as PyError;
    assert.equal(staleError.status, 412);
    assert.match(staleError.text, /The branch was updated since you opened this page\. Please refresh and try again\./);
    assert.match((out.branch as PyError).text, /Reference refs\/heads\/dev already exists/);
    assert.equal((out.branch as PyError).status, 409);
    assert.match((out.main as PyError).text, /Cannot delete refs\/heads\/main/);
    const revision = out.revision as PyError;
    assert.equal(revision.type, 'RevisionNotFoundError');
    assert.equal(revision.message, 'Invalid rev id: nope');
    // The revision is checked before the tag's (invalid) name.
    const tag = out.tag as PyError;
    assert.equal(tag.type, 'RevisionNotFoundError');
    assert.equal(tag.status, 404);
  });

  it('resolves a unique short commit id everywhere a revision goes', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    const out = await runPython(server, `
info = api.upload_file(path_or_fileobj=b'short\\n', path_in_repo='a.txt', repo_id='alice/m1')
short = info.oid[:7]
out['full'] = info.oid
out['info_sha'] = api.model_info('alice/m1', revision=short).sha
out['files'] = api.list_repo_files('alice/m1', revision=short)
out['content'] = open(hf_hub_download('alice/m1', 'a.txt', revision=short)).read()
api.create_tag('alice/m1', tag='v1', revision=short)
out['tag'] = [t.target_commit for t in api.list_repo_refs('alice/m1').tags]
out['too_short'] = err(lambda: api.model_info('alice/m1', revision=info.oid[:6]))
`);
    assert.equal(out.info_sha, out.full);
    assert.deepEqual(out.files, ['.gitattributes', 'a.txt']);
    assert.equal(out.content, 'short\n');
    assert.deepEqual(out.tag, [out.full]);
    assert.equal((out.too_short as PyError).type, 'RevisionNotFoundError');
  });

  it('auth_check passes with access, raises RepositoryNotFoundError for hidden repos and GatedRepoError when gated', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'open');
    createTestRepo(server, 'secret', { private: true });
    const gated = createTestRepo(server, 'gated');
    server.core.store.updateRepoSettings(gated.id, { gated: 'manual' });
    const bob = outsider(server);
    const out = await runPython(server, `
out['open'] = err(lambda: api.auth_check('alice/open', token=tokens['bob']))
out['gated_owner'] = err(lambda: api.auth_check('alice/gated'))
out['gated_bob'] = err(lambda: api.auth_check('alice/gated', token=tokens['bob']))
out['secret_bob'] = err(lambda: api.auth_check('alice/secret', token=tokens['bob']))
out['missing'] = err(lambda: api.auth_check('alice/missing'))
out['write_owner'] = err(lambda: api.auth_check('alice/open', write=True))
out['write_bob'] = err(lambda: api.auth_check('alice/open', write=True, token=tokens['bob']))
`, { bob });
    assert.equal(out.open, null);
    assert.equal(out.gated_owner, null);
    assert.equal(out.write_owner, null);
    assert.deepEqual(pick(out.gated_bob), ['GatedRepoError', 403, 'GatedRepo']);
    assert.deepEqual(pick(out.secret_bob), ['RepositoryNotFoundError', 404, 'RepoNotFound']);
    assert.deepEqual(pick(out.missing), ['RepositoryNotFoundError', 404, 'RepoNotFound']);
    assert.equal((out.write_bob as PyError).status, 403);
  });

  it('likes: a like counts once in repo info, unlike and list_liked_repos show it, and listings sort by likes', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    createTestRepo(server, 'm2');
    createTestRepo(server, 'secret', { private: true });
    const bob = outsider(server);
    // Python 2.0 has no like() (the Hub refuses likes from scripts); the UI and curl post it.
    for (const [token, repo] of [[server.token, 'm2'], [server.token, 'm2'], [bob, 'm2'], [server.token, 'secret'], [server.token, 'm1']] as const) {
      const res = await httpRequest(`${server.url}/api/models/alice/${repo}/like`, { method: 'POST', headers: bearer(token) });
      assert.equal(res.status, 200);
    }
    const out = await runPython(server, `
out['likes'] = [api.model_info('alice/m1').likes, api.model_info('alice/m2').likes]
out['sorted'] = [m.id for m in api.list_models(author='alice', sort='likes')]
mine = api.list_liked_repos()
out['mine'] = [mine.user, mine.models, mine.total]
out['alice_seen_by_bob'] = api.list_liked_repos('alice', token=tokens['bob']).models
out['likers'] = [u.username for u in api.list_repo_likers('alice/m2')]
api.unlike('alice/m2')
out['after_unlike'] = [api.model_info('alice/m2').likes, api.list_liked_repos().models]
`, { bob });
    assert.deepEqual(out.likes, [1, 2]);
    // Most liked first; m1 and secret (one like each) follow in either order.
    assert.equal((out.sorted as string[])[0], 'alice/m2');
    assert.deepEqual([...(out.sorted as string[])].sort(), ['alice/m1', 'alice/m2', 'alice/secret']);
    assert.deepEqual(out.mine, ['alice', ['alice/m1', 'alice/secret', 'alice/m2'], 3]);
    // Bob does not learn that alice likes a private repo he cannot see.
    assert.deepEqual(out.alice_seen_by_bob, ['alice/m1', 'alice/m2']);
    assert.deepEqual(out.likers, ['bob', 'alice']);
    assert.deepEqual(out.after_unlike, [1, ['alice/m1', 'alice/secret']]);

    const readOnly = server.core.accounts.createToken('bob', { role: 'read', displayName: 'read' });
    const refused = await httpRequest(`${server.url}/api/models/alice/m1/like`, { method: 'POST', headers: bearer(readOnly) });
    assert.equal(refused.status, 403);
  });
  it('validates model-card metadata on upload: bad fields refuse the commit, a card without metadata warns', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'm1');
    const before = headOf(server, repo);
    const out = await runPython(server, `
import warnings
card = b'---\\nlicense: my-own\\nmodel-index: 3\\n---\\n# Model\\n'
try:
    api.upload_file(path_or_fileobj=card, path_in_repo='README.md', repo_id='alice/m1')
    out['bad'] = None
except ValueError as e:
    out['bad'] = str(e)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    api.upload_file(path_or_fileobj=b'# Just a title\\n', path_in_repo='README.md', repo_id='alice/m1')
    out['warned'] = [str(w.message) for w in caught if 'README.md' in str(w.message)]
out['files'] = api.list_repo_files('alice/m1')
`);
    assert.match(String(out.bad), /Invalid metadata in README\.md\./);
    assert.match(String(out.bad), /"license" must be a known license id or "other"/);
    assert.match(String(out.bad), /"model-index" must be a list/);
    assert.equal((out.warned as string[]).length, 1);
    assert.match((out.warned as string[])[0] ?? '', /Empty or missing yaml metadata in repo card/);
    // The refused card never reached the branch; the second upload is the only new commit.
    assert.deepEqual(out.files, ['.gitattributes', 'README.md']);
    assert.equal([...server.core.store.history(headOf(server, repo))].length, 2);
    assert.notEqual(headOf(server, repo), before);
  });
  it('paths: a backslash is an ordinary character, a path starting with ".." is 422, and deleting a folder by its path deletes it', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    const out = await runPython(server, `
from huggingface_hub import CommitOperationAdd, CommitOperationDelete
name = 'folder/..\\\\..\\\\file.txt'
api.upload_file(path_or_fileobj=b'backslashed\\n', path_in_repo=name, repo_id='alice/m1')
out['files'] = api.list_repo_files('alice/m1')
out['size'] = [p.size for p in api.get_paths_info('alice/m1', [name])]
out['dotdot'] = err(lambda: api.upload_file(path_or_fileobj=b'x', path_in_repo='..\\\\evil.txt', repo_id='alice/m1'))
api.create_commit('alice/m1', [CommitOperationAdd('weights/a.bin', b'a'), CommitOperationAdd('weights/sub/b.bin', b'b')], commit_message='add weights')
api.delete_file('weights', repo_id='alice/m1')
out['after_delete'] = api.list_repo_files('alice/m1')
`);
    assert.deepEqual(out.files, ['.gitattributes', 'folder/..\\..\\file.txt']);
    assert.deepEqual(out.size, [12]);
    // Python refuses to download such a name into its cache; the hub serves it as stored.
    const served = await httpRequest(`${server.url}/alice/m1/resolve/main/folder/..%5C..%5Cfile.txt`);
    assert.equal(served.status, 200);
    assert.equal(served.text, 'backslashed\n');
    const dotdot = out.dotdot as PyError;
    assert.equal(dotdot.status, 422);
    assert.equal(dotdot.code, 'UnprocessableEntity');
    assert.deepEqual(out.after_delete, ['.gitattributes', 'folder/..\\..\\file.txt']);
  });
  it('list_lfs_files lists LFS objects; permanently_delete_lfs_files rewrites history without them and frees their content', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'm1');
    const out = await runPython(server, `
from huggingface_hub import CommitOperationAdd
api.create_commit('alice/m1', [CommitOperationAdd('w/old.safetensors', b'old weights' * 10), CommitOperationAdd('keep.safetensors', b'kept weights')], commit_message='weights')
api.create_commit('alice/m1', [CommitOperationAdd('notes.txt', b'notes')], commit_message='notes')
api.create_branch('alice/m1', branch='dev')
api.delete_file('w/old.safetensors', repo_id='alice/m1', commit_message='drop old')
files = list(api.list_lfs_files('alice/m1'))
out['listed'] = sorted([[f.filename, f.size, f.ref, len(f.file_oid), len(f.oid), f.pushed_at is not None] for f in files])
old = [f for f in files if f.filename == 'w/old.safetensors']
out['old_sha'] = old[0].file_oid
out['bob'] = err(lambda: list(api.list_lfs_files('alice/m1', token=tokens['bob'])))
api.permanently_delete_lfs_files('alice/m1', old)
out['after'] = [f.filename for f in api.list_lfs_files('alice/m1')]
out['dev_files'] = api.list_repo_files('alice/m1', revision='dev')
out['main_files'] = api.list_repo_files('alice/m1')
out['titles'] = [c.title for c in api.list_repo_commits('alice/m1', revision='dev')]
out['again'] = err(lambda: api.permanently_delete_lfs_files('alice/m1', old))
`, { bob: outsider(server) });
    assert.deepEqual(out.listed, [
      ['keep.safetensors', 12, 'refs/heads/main', 64, 40, true],
      ['w/old.safetensors', 110, 'refs/heads/dev', 64, 40, true],
    ]);
    assert.equal((out.bob as PyError).status, 403);
    const oldSha = String(out.old_sha);
    assert.deepEqual(out.after, ['keep.safetensors']);
    // The branch that still held the file moved to a rewritten history with the same commits, minus the file.
    assert.deepEqual(out.dev_files, ['.gitattributes', 'keep.safetensors', 'notes.txt']);
    assert.deepEqual(out.main_files, ['.gitattributes', 'keep.safetensors', 'notes.txt']);
    assert.deepEqual(out.titles, ['notes', 'weights', 'initial commit']);
    assert.deepEqual(pick(out.again), ['RemoteEntryNotFoundError', 404, 'EntryNotFound']);
    assert.equal(server.core.store.blobs.has(oldSha), false);
    const report = await server.core.store.checkIntegrity();
    assert.deepEqual(report.problems, []);
    assert.equal(headOf(server, repo).length, 40);
  });

  it('permanently_delete_lfs_files(rewrite_history=False) keeps the pointers and frees the content; content another repo uses stays', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    const out = await runPython(server, `
from huggingface_hub import CommitOperationAdd
api.create_commit('alice/m1', [CommitOperationAdd('a.safetensors', b'weights a')], commit_message='weights')
files = list(api.list_lfs_files('alice/m1'))
out['sha'] = files[0].file_oid
api.permanently_delete_lfs_files('alice/m1', files, rewrite_history=False)
out['after'] = [f.filename for f in api.list_lfs_files('alice/m1')]
out['files'] = api.list_repo_files('alice/m1')
out['download'] = err(lambda: hf_hub_download('alice/m1', 'a.safetensors'))
api.create_repo('alice/m2')
api.create_commit('alice/m1', [CommitOperationAdd('shared.safetensors', b'shared weights')], commit_message='shared')
api.create_commit('alice/m2', [CommitOperationAdd('copy.safetensors', b'shared weights')], commit_message='same bytes')
shared = [f for f in api.list_lfs_files('alice/m1') if f.filename == 'shared.safetensors']
api.permanently_delete_lfs_files('alice/m1', shared)
out['m1_files'] = api.list_repo_files('alice/m1')
out['m2_content'] = open(hf_hub_download('alice/m2', 'copy.safetensors'), 'rb').read().decode()
`);
    assert.deepEqual(out.after, []);
    assert.deepEqual(out.files, ['.gitattributes', 'a.safetensors']);
    assert.equal(server.core.store.blobs.has(String(out.sha)), false);
    const download = out.download as PyError;
    assert.equal(download.status, 404);
    assert.match(download.message ?? '', /or was deleted/);
    // Content another repo uses stays: only this repo's references went.
    assert.deepEqual(out.m1_files, ['.gitattributes', 'a.safetensors']);
    assert.equal(out.m2_content, 'shared weights');
  });
  it('answers API families it does not serve (webhooks, jobs, Space hardware and runtime) with 501 NotImplemented', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 's1', { type: 'space' });
    const out = await runPython(server, `
out['webhooks'] = err(lambda: api.list_webhooks())
out['runtime'] = err(lambda: api.get_space_runtime('alice/s1'))
out['hardware'] = err(lambda: api.request_space_hardware('alice/s1', 'cpu-upgrade'))
out['jobs'] = err(lambda: list(api.list_jobs()))
out['space'] = api.space_info('alice/s1').id
`);
    for (const key of ['webhooks', 'runtime', 'hardware', 'jobs']) {
      assert.ok(out[key], `${key}: ${JSON.stringify(out)}`);
      const error = out[key] as PyError;
      assert.equal(error.status, 501, key);
      assert.equal(error.code, 'NotImplemented', key);
      assert.match(error.message ?? '', /not supported by this hub/, key);
    }
    assert.equal(out.space, 'alice/s1');
    const billing = await httpRequest(`${server.url}/api/billing/usage`, { headers: bearer(server.token) });
    assert.equal(billing.status, 501);
    assert.equal(billing.header('x-error-code'), 'NotImplemented');
  });
});

function pick(error: unknown): [string, number, string | null] {
  const e = error as PyError;
  return [e.type, e.status, e.code];
}
