import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRepo, headOf } from '../helpers/hub-write.js';
import { httpRequest } from '../helpers/http-request.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const HELPERS = `
from huggingface_hub import HfApi, hf_hub_download, CommitOperationAdd
`;

/** Runs a Python snippet (HfApi as `api`, `status(fn)` for an HTTP error's status and code) that prints one JSON value. */
function runPython(server: TestServer, code: string, tokens: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return runHfApiSnippet(server, code, { tokens, helpers: HELPERS });
}

/** A user who is not a member of alice's namespace: reads her public repos, writes only his own. */
function outsider(server: TestServer, name: string): string {
  server.core.accounts.createUser(name);
  return server.core.accounts.createToken(name, { role: 'write', displayName: name });
}

describe('pull requests and discussions, driven by huggingface_hub (Python)', () => {
  it('upload_file(create_pr=True) leaves main unchanged, opens a pull request on refs/pr/1, and merging it moves main', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const mainBefore = headOf(server, repo);
    const out = await runPython(server, `
big = bytes(range(256)) * (11 * 4096)
info = api.upload_file(path_or_fileobj=b'hello\\n', path_in_repo='a.txt', repo_id='alice/m1', create_pr=True, commit_message='Add a.txt')
out['pr_url'], out['pr_revision'], out['pr_num'], out['oid'] = info.pr_url, info.pr_revision, info.pr_num, info.oid
out['main_files'] = api.list_repo_files('alice/m1')
out['pr_files'] = api.list_repo_files('alice/m1', revision='refs/pr/1')
out['content'] = open(hf_hub_download('alice/m1', 'a.txt', revision='refs/pr/1')).read()
out['revision_sha'] = api.model_info('alice/m1', revision='refs/pr/1').sha
out['paths'] = [p.path for p in api.get_paths_info('alice/m1', ['a.txt', 'missing'], revision='refs/pr/1')]
out['commits'] = [c.title for c in api.list_repo_commits('alice/m1', revision='refs/pr/1')]
refs = api.list_repo_refs('alice/m1', include_pull_requests=True)
out['prs'] = [[r.name, r.ref, r.target_commit] for r in refs.pull_requests]
d = api.get_discussion_details('alice/m1', 1)
out['details'] = {'status': d.status, 'is_pr': d.is_pull_request, 'target': d.target_branch, 'conflicts': d.conflicting_files,
                  'title': d.title, 'author': d.author, 'events': [[e.type, getattr(e, 'oid', None)] for e in d.events], 'diff': d.diff,
                  'url': d.url, 'git_reference': d.git_reference}
api.merge_pull_request('alice/m1', 1, comment='Thanks!')
d = api.get_discussion_details('alice/m1', 1)
out['merged'] = {'status': d.status, 'merge_commit': d.merge_commit_oid, 'events': [e.type for e in d.events]}
out['main_after'] = api.list_repo_files('alice/m1')
out['main_sha'] = api.model_info('alice/m1').sha
import tempfile, pathlib
folder = pathlib.Path(tempfile.mkdtemp())
(folder / 'sub').mkdir()
(folder / 'sub' / 'b.txt').write_text('b\\n')
(folder / 'c.txt').write_text('c\\n')
info = api.upload_folder(folder_path=str(folder), repo_id='alice/m1', create_pr=True, commit_message='Add a folder')
pr = api.get_discussion_details('alice/m1', info.pr_num)
out['folder_pr'] = [info.pr_revision, pr.status, [e.type for e in pr.events], api.list_repo_files('alice/m1', revision=info.pr_revision)]
out['main_after_folder'] = api.list_repo_files('alice/m1')
`);
    assert.equal(out.pr_url, `${server.url}/alice/m1/discussions/1`);
    assert.equal(out.pr_revision, 'refs/pr/1');
    assert.equal(out.pr_num, 1);
    assert.deepEqual(out.main_files, ['.gitattributes'], 'main is unchanged');
    assert.deepEqual(server.core.store.getCommit(String(out.oid))?.parents, [mainBefore], 'the PR starts at main');
    assert.deepEqual(out.pr_files, ['.gitattributes', 'a.txt']);
    assert.equal(out.content, 'hello\n');
    assert.equal(out.revision_sha, out.oid);
    assert.deepEqual(out.paths, ['a.txt']);
    assert.deepEqual(out.commits, ['Add a.txt', 'initial commit']);
    assert.deepEqual(out.prs, [['refs/pr/1', 'refs/pr/1', out.oid]]);
    const details = out.details as Record<string, unknown>;
    assert.equal(details.status, 'open');
    assert.equal(details.is_pr, true);
    assert.equal(details.target, 'refs/heads/main');
    assert.deepEqual(details.conflicts, []);
    assert.equal(details.title, 'Add a.txt');
    assert.equal(details.author, 'alice');
    assert.deepEqual(details.events, [['commit', out.oid]]);
    assert.equal(details.url, `${server.url}/alice/m1/discussions/1`);
    assert.equal(details.git_reference, 'refs/pr/1');
    assert.equal(details.diff, 'diff --git a/a.txt b/a.txt\nnew file mode 100644\nindex 0000000..ce01362\n--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+hello\n');
    const merged = out.merged as Record<string, unknown>;
    assert.equal(merged.status, 'merged');
    assert.equal(merged.merge_commit, out.oid, 'main had not moved: a fast-forward');
    assert.deepEqual(merged.events, ['commit', 'comment', 'status-change']);
    assert.deepEqual(out.main_after, ['.gitattributes', 'a.txt']);
    assert.equal(out.main_sha, out.oid);
    assert.deepEqual(out.folder_pr, ['refs/pr/2', 'open', ['commit'], ['.gitattributes', 'a.txt', 'c.txt', 'sub/b.txt']]);
    assert.deepEqual(out.main_after_folder, ['.gitattributes', 'a.txt']);
    // JS clients send a revision raw, Python percent-encoded: both name the pull request.
    for (const revision of ['refs/pr/2', 'refs%2Fpr%2F2']) {
      const tree = await httpRequest(`${server.url}/api/models/alice/m1/tree/${revision}/sub`);
      assert.equal(tree.status, 200, revision);
      assert.deepEqual((tree.json() as Array<{ path: string }>).map((entry) => entry.path), ['sub/b.txt'], revision);
    }
  });

  it('comments, edits, hides, renames, closes and lists discussions as HF does', async (t) => {
    const server = await startServer(t);
    createTestRepo(server);
    const out = await runPython(server, `
d = api.create_discussion('alice/m1', title='  Question  ', description='Is this the final model?')
out['created'] = [d.num, d.title, d.status, d.is_pull_request, d.events[0].content]
c = api.comment_discussion('alice/m1', d.num, 'First comment')
out['comment'] = [c.type, c.content, c.edited, c.hidden, len(c.id)]
e = api.edit_discussion_comment('alice/m1', d.num, c.id, 'Edited comment')
out['edited'] = [e.id == c.id, e.content, e.edited, e.number_of_edits]
h = api.hide_discussion_comment('alice/m1', d.num, c.id)
out['hidden'] = [h.hidden, 'First comment' in json.dumps(h._event), 'Edited comment' in json.dumps(h._event)]
r = api.rename_discussion('alice/m1', d.num, 'Better question')
out['renamed'] = [r.type, r.old_title, r.new_title]
s = api.change_discussion_status('alice/m1', d.num, 'closed', comment='Answered')
out['closed'] = [s.type, s.new_status]
pr = api.create_pull_request('alice/m1', title='Draft work')
out['pr'] = [pr.num, pr.status, pr.is_pull_request, pr.target_branch, pr.git_reference]
api.create_commit('alice/m1', operations=[CommitOperationAdd('b.txt', b'b\\n')], commit_message='Add b', revision=pr.git_reference)
out['pr_events'] = [e.type for e in api.get_discussion_details('alice/m1', pr.num).events]
out['main_files'] = api.list_repo_files('alice/m1')
out['all'] = [[x.num, x.is_pull_request, x.status] for x in api.get_repo_discussions('alice/m1')]
out['prs'] = [x.num for x in api.get_repo_discussions('alice/m1', discussion_type='pull_request')]
out['closed_list'] = [x.num for x in api.get_repo_discussions('alice/m1', discussion_status='closed')]
out['open_list'] = [x.num for x in api.get_repo_discussions('alice/m1', discussion_status='open')]
out['by_bob'] = [x.num for x in api.get_repo_discussions('alice/m1', author='bob')]
final = api.get_discussion_details('alice/m1', d.num)
out['final'] = [final.title, final.status, [e.type for e in final.events], [getattr(e, 'content', None) for e in final.events]]
out['missing'] = status(lambda: api.get_discussion_details('alice/m1', 99))
`);
    assert.deepEqual(out.created, [1, 'Question', 'open', false, 'Is this the final model?']);
    assert.deepEqual(out.comment, ['comment', 'First comment', false, false, 24]);
    assert.deepEqual(out.edited, [true, 'Edited comment', true, 1]);
    assert.deepEqual(out.hidden, [true, false, false], 'a hidden comment keeps none of its texts');
    assert.deepEqual(out.renamed, ['title-change', 'Question', 'Better question']);
    assert.deepEqual(out.closed, ['status-change', 'closed']);
    assert.deepEqual(out.pr, [2, 'draft', true, 'refs/heads/main', 'refs/pr/2']);
    assert.deepEqual(out.pr_events, ['comment', 'commit']);
    assert.deepEqual(out.main_files, ['.gitattributes']);
    assert.deepEqual(out.all, [[2, true, 'draft'], [1, false, 'closed']], 'newest first');
    assert.deepEqual(out.prs, [2]);
    assert.deepEqual(out.closed_list, [1]);
    assert.deepEqual(out.open_list, [2]);
    assert.deepEqual(out.by_bob, []);
    assert.deepEqual(out.final, [
      'Better question',
      'closed',
      ['comment', 'comment', 'title-change', 'comment', 'status-change'],
      ['Is this the final model?', 'This comment has been hidden', null, 'Answered', null],
    ]);
    assert.deepEqual(out.missing, [404, 'NotFound']);
  });

  it('merges with a merge commit when main moved, and refuses conflicts naming the files', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const out = await runPython(server, `
api.upload_file(path_or_fileobj=b'one\\n', path_in_repo='x.txt', repo_id='alice/m1')
a = api.upload_file(path_or_fileobj=b'two\\n', path_in_repo='x.txt', repo_id='alice/m1', create_pr=True).pr_num
b = api.upload_file(path_or_fileobj=b'three\\n', path_in_repo='x.txt', repo_id='alice/m1', create_pr=True).pr_num
c = api.upload_file(path_or_fileobj=b'zed\\n', path_in_repo='z.txt', repo_id='alice/m1', create_pr=True).pr_num
api.merge_pull_request('alice/m1', a)
out['conflicts'] = api.get_discussion_details('alice/m1', b).conflicting_files
out['diff_b'] = api.get_discussion_details('alice/m1', b).diff
out['merge_b'] = status(lambda: api.merge_pull_request('alice/m1', b))
try:
    api.merge_pull_request('alice/m1', b)
except HfHubHTTPError as e:
    out['merge_b_message'] = e.response.json().get('error')
api.merge_pull_request('alice/m1', c)
out['merge_c'] = api.get_discussion_details('alice/m1', c).merge_commit_oid
out['files'] = {f: open(hf_hub_download('alice/m1', f)).read() for f in ['x.txt', 'z.txt']}
out['b_status'] = api.get_discussion_details('alice/m1', b).status
out['again'] = status(lambda: api.merge_pull_request('alice/m1', c))
out['not_branch'] = status(lambda: api.create_commit('alice/m1', operations=[CommitOperationAdd('q.txt', b'q')], commit_message='q', revision='refs/pr/1', create_pr=True))
`);
    assert.deepEqual(out.conflicts, ['x.txt']);
    assert.equal(out.diff_b, 'diff --git a/x.txt b/x.txt\nindex 5626abf..2bdf67a 100644\n--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-one\n+three\n');
    assert.deepEqual(out.merge_b, [409, 'Conflict']);
    assert.match(String(out.merge_b_message), /conflicts in: x\.txt/);
    const head = headOf(server, repo);
    assert.equal(out.merge_c, head);
    const merge = server.core.store.getCommit(head);
    assert.equal(merge?.parents.length, 2, 'a merge commit: main had moved since the PR started');
    assert.equal(merge?.title, 'Merge pull request #3: Upload z.txt with huggingface_hub');
    assert.deepEqual(out.files, { 'x.txt': 'two\n', 'z.txt': 'zed\n' });
    assert.equal(out.b_status, 'open');
    assert.deepEqual(out.again, [400, 'BadRequest']);
    assert.deepEqual(out.not_branch, [404, 'RevisionNotFound']);
  });

  it('lets readers open pull requests, their authors commit to them, and only writers merge, hide or close others', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    createTestRepo(server, 'secret', { private: true });
    const bob = outsider(server, 'bob');
    const carol = outsider(server, 'carol');
    server.core.accounts.createUser('dave');
    const daveRead = server.core.accounts.createToken('dave', { role: 'read', displayName: 'read' });
    const out = await runPython(server, `
bob, carol, dave = tokens['bob'], tokens['carol'], tokens['dave']
big = bytes(range(256)) * (11 * 4096)
info = api.upload_file(path_or_fileobj=big, path_in_repo='w.bin', repo_id='alice/m1', create_pr=True, token=bob)
out['bob_pr'] = [info.pr_num, api.get_discussion_details('alice/m1', info.pr_num).author]
out['bob_to_main'] = status(lambda: api.upload_file(path_or_fileobj=b'x', path_in_repo='x.txt', repo_id='alice/m1', token=bob))
out['bob_commits_own'] = status(lambda: api.upload_file(path_or_fileobj=b'more', path_in_repo='more.txt', repo_id='alice/m1', revision='refs/pr/1', token=bob))
out['carol_commits'] = status(lambda: api.upload_file(path_or_fileobj=b'c', path_in_repo='c.txt', repo_id='alice/m1', revision='refs/pr/1', token=carol))
out['alice_commits'] = status(lambda: api.upload_file(path_or_fileobj=b'a', path_in_repo='a.txt', repo_id='alice/m1', revision='refs/pr/1'))
out['bob_merge'] = status(lambda: api.merge_pull_request('alice/m1', 1, token=bob))
c = api.comment_discussion('alice/m1', 1, 'From alice')
out['bob_hide'] = status(lambda: api.hide_discussion_comment('alice/m1', 1, c.id, token=bob))
out['bob_edits_alice'] = status(lambda: api.edit_discussion_comment('alice/m1', 1, c.id, 'mine now', token=bob))
d = api.create_discussion('alice/m1', title='By alice')
out['bob_closes_alice'] = status(lambda: api.change_discussion_status('alice/m1', d.num, 'closed', token=bob))
out['bob_renames_alice'] = status(lambda: api.rename_discussion('alice/m1', d.num, 'by bob', token=bob))
out['bob_closes_own'] = status(lambda: api.change_discussion_status('alice/m1', 1, 'closed', token=bob))
out['bob_commits_closed'] = status(lambda: api.upload_file(path_or_fileobj=b'late', path_in_repo='late.txt', repo_id='alice/m1', revision='refs/pr/1', token=bob))
out['dave_read_token'] = status(lambda: api.create_discussion('alice/m1', title='hi', token=dave))
out['anonymous_comment'] = status(lambda: api.comment_discussion('alice/m1', 1, 'hi', token=False))
out['anonymous_list'] = [x.num for x in api.get_repo_discussions('alice/m1', token=False)]
out['private_for_bob'] = status(lambda: api.create_discussion('alice/secret', title='hi', token=bob))
out['private_pr_for_bob'] = status(lambda: api.upload_file(path_or_fileobj=b'x', path_in_repo='x.txt', repo_id='alice/secret', create_pr=True, token=bob))
out['pr_files'] = api.list_repo_files('alice/m1', revision='refs/pr/1')
out['main_files'] = api.list_repo_files('alice/m1')
`, { bob, carol, dave: daveRead });
    assert.deepEqual(out.bob_pr, [1, 'bob']);
    assert.deepEqual(out.bob_to_main, [403, 'Forbidden']);
    assert.deepEqual(out.bob_commits_own, [200, null]);
    assert.deepEqual(out.carol_commits, [403, 'Forbidden']);
    assert.deepEqual(out.alice_commits, [200, null]);
    assert.deepEqual(out.bob_merge, [403, 'Forbidden']);
    assert.deepEqual(out.bob_hide, [403, 'Forbidden']);
    assert.deepEqual(out.bob_edits_alice, [403, 'Forbidden']);
    assert.deepEqual(out.bob_closes_alice, [403, 'Forbidden']);
    assert.deepEqual(out.bob_renames_alice, [403, 'Forbidden']);
    assert.deepEqual(out.bob_closes_own, [200, null]);
    assert.deepEqual(out.bob_commits_closed, [403, 'Forbidden']);
    assert.deepEqual(out.dave_read_token, [403, 'Forbidden']);
    assert.deepEqual(out.anonymous_comment, [401, 'Unauthorized']);
    assert.deepEqual(out.anonymous_list, [2, 1]);
    assert.deepEqual(out.private_for_bob, [404, 'RepoNotFound']);
    assert.deepEqual(out.private_pr_for_bob, [404, 'RepoNotFound']);
    assert.deepEqual(out.pr_files, ['.gitattributes', 'a.txt', 'more.txt', 'w.bin']);
    assert.deepEqual(out.main_files, ['.gitattributes']);
    assert.equal(server.core.store.listRefs(repo.id).branches.length, 1);
  });
});
