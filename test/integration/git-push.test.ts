import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { RepoRecord } from '../../src/main/store/index.js';
import { GitClient, urlWithToken } from '../helpers/git-client.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { apiBase, createTestRepo, headOf, readOnlyToken, sha256 } from '../helpers/hub-write.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { startServer } from '../helpers/start-server.js';

const server = await startServer({ after });
const client = await GitClient.create();
const weights = Buffer.alloc(2_000_000);
for (let i = 0; i < weights.length; i++) weights[i] = (i * 7919) % 251;

function repoUrl(repo: RepoRecord, token = server.token): string {
  return urlWithToken(`${server.url}/${repo.type === 'model' ? '' : `${repo.type}s/`}${repo.fullName}.git`, token);
}

async function apiCommitIds(repo: RepoRecord, branch = 'main'): Promise<string[]> {
  const res = await httpRequest(`${apiBase(server, repo)}/commits/${branch}`, { headers: bearer(server.token) });
  assert.equal(res.status, 200, res.text);
  return (res.json() as Array<{ id: string }>).map((entry) => entry.id);
}

async function resolveFile(repo: RepoRecord, path: string, revision = 'main'): Promise<Buffer> {
  const res = await httpRequest(`${server.url}/${repo.fullName}/resolve/${revision}/${path}`, { headers: bearer(server.token) });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** A clone of `repo` with a regular file and an LFS-tracked file committed on top. */
async function cloneWithCommit(repo: RepoRecord, dir: string, v: readonly string[]): Promise<void> {
  await client.ok('.', [...v, 'clone', repoUrl(repo), dir]);
  await client.ok(dir, ['lfs', 'track', '*.bin']);
  writeFileSync(client.path(`${dir}/README.md`), '# pushed\n');
  writeFileSync(client.path(`${dir}/weights.bin`), weights);
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'Add weights by git push']);
}

for (const version of ['0', '2'] as const) {
  const v = ['-c', `protocol.version=${version}`];

  test(`protocol v${version}: a pushed commit with a regular and an LFS file is what the API serves`, async () => {
    const repo = createTestRepo(server, `push-v${version}`);
    const dir = `push-v${version}`;
    await cloneWithCommit(repo, dir, v);
    const pushed = await client.run(dir, [...v, 'push', 'origin', 'main']);
    assert.equal(pushed.code, 0, pushed.stderr);
    const local = (await client.ok(dir, ['log', '--format=%H', 'main'])).trim().split('\n');
    assert.deepEqual(await apiCommitIds(repo), local);
    assert.equal(headOf(server, repo), local[0]);
    assert.equal((await resolveFile(repo, 'README.md')).toString(), '# pushed\n');
    assert.equal(sha256(await resolveFile(repo, 'weights.bin')), sha256(weights));
    // A clone from the hub gets the same bytes back through git-lfs.
    await client.ok('.', [...v, 'clone', repoUrl(repo), `${dir}-again`]);
    assert.equal((await client.ok(`${dir}-again`, ['rev-parse', 'HEAD'])).trim(), local[0]);
  });
}

test('branches and tags are created and deleted by push; main cannot be deleted', async () => {
  const repo = createTestRepo(server, 'refs');
  const dir = 'refs';
  await cloneWithCommit(repo, dir, []);
  await client.ok(dir, ['push', 'origin', 'main']);
  await client.ok(dir, ['checkout', '-b', 'feature']);
  writeFileSync(client.path(`${dir}/feature.txt`), 'feature\n');
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'feature work']);
  await client.ok(dir, ['tag', 'v1']);
  await client.ok(dir, ['push', 'origin', 'feature', 'v1']);
  const featureHead = (await client.ok(dir, ['rev-parse', 'feature'])).trim();
  assert.equal(headOf(server, repo, 'feature'), featureHead);
  assert.equal(server.core.store.resolveRevision(repo.id, 'v1'), featureHead);
  assert.equal((await resolveFile(repo, 'feature.txt', 'feature')).toString(), 'feature\n');

  await client.ok(dir, ['push', 'origin', '--delete', 'feature', 'v1']);
  assert.equal(server.core.store.hasBranch(repo.id, 'feature'), false);
  assert.ok(!server.core.store.allRefs(repo.id).some((ref) => ref.name === 'refs/tags/v1'));

  const deleteMain = await client.run(dir, ['push', 'origin', '--delete', 'main']);
  assert.notEqual(deleteMain.code, 0);
  assert.match(deleteMain.stderr, /refusing to delete the default branch main/);
  assert.ok(server.core.store.hasBranch(repo.id, 'main'));

  // --atomic: the branch that could be created is not, since main's deletion fails; push options pass.
  await client.ok(dir, ['branch', 'side']);
  const atomic = await client.run(dir, ['push', '--atomic', '-o', 'ci.skip', 'origin', 'side', ':main']);
  assert.notEqual(atomic.code, 0);
  assert.match(atomic.stderr, /atomic push failed/);
  assert.equal(server.core.store.hasBranch(repo.id, 'side'), false);
  await client.ok(dir, ['push', '--atomic', '-o', 'ci.skip', 'origin', 'side']);
  assert.equal(server.core.store.hasBranch(repo.id, 'side'), true);
});

test('an annotated tag is pushed, advertised peeled, cloned (v0 and v2) and fetched by include-tag; the API lists it on its commit', async () => {
  const repo = createTestRepo(server, 'annotated');
  const dir = 'annotated';
  await cloneWithCommit(repo, dir, []);
  await client.ok(dir, ['push', 'origin', 'main']);
  await client.ok(dir, ['tag', '-a', 'v1', '-m', 'release one']);
  const tagOid = (await client.ok(dir, ['rev-parse', 'v1'])).trim();
  const commit = (await client.ok(dir, ['rev-parse', 'v1^{}'])).trim();
  const pushed = await client.run(dir, ['push', 'origin', 'v1']);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.equal(server.core.store.resolveRevision(repo.id, 'v1'), commit);

  const remote = await client.ok(dir, ['ls-remote', 'origin', 'refs/tags/*']);
  assert.match(remote, new RegExp(`^${tagOid}\trefs/tags/v1$`, 'm'));
  assert.match(remote, new RegExp(`^${commit}\trefs/tags/v1\\^\\{\\}$`, 'm'));
  for (const version of ['0', '2']) {
    const clone = `annotated-clone-v${version}`;
    await client.ok('.', ['-c', `protocol.version=${version}`, 'clone', repoUrl(repo), clone]);
    assert.equal((await client.ok(clone, ['cat-file', '-t', 'v1'])).trim(), 'tag');
    assert.equal((await client.ok(clone, ['rev-parse', 'v1'])).trim(), tagOid);
    assert.match(await client.ok(clone, ['cat-file', '-p', 'v1']), /release one/);
    await client.ok(clone, ['fsck', '--strict']);
  }

  // A second annotated tag on a new commit reaches an existing clone with a plain fetch (include-tag).
  writeFileSync(client.path(`${dir}/two.txt`), 'two\n');
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'two']);
  await client.ok(dir, ['tag', '-a', 'v2', '-m', 'release two']);
  await client.ok(dir, ['push', 'origin', 'main', 'v2']);
  await client.ok('annotated-clone-v2', ['fetch', 'origin']);
  assert.equal((await client.ok('annotated-clone-v2', ['cat-file', '-t', 'v2'])).trim(), 'tag');

  const refs = await httpRequest(`${apiBase(server, repo)}/refs`, { headers: bearer(server.token) });
  assert.equal(refs.status, 200);
  const tags = (refs.json() as { tags: Array<{ name: string; targetCommit: string }> }).tags;
  assert.deepEqual(tags.find((tag) => tag.name === 'v1')?.targetCommit, commit);

  // Deleting it by push takes the tag object's id as git saw it.
  await client.ok(dir, ['push', 'origin', '--delete', 'v1']);
  assert.ok(!server.core.store.allRefs(repo.id).some((ref) => ref.name === 'refs/tags/v1'));
});

test('garbage collection keeps an annotated tag object while its tag ref shows it, and removes it after the grace period once the tag is deleted', async () => {
  const repo = createTestRepo(server, 'tag-gc');
  const dir = 'tag-gc';
  await cloneWithCommit(repo, dir, []);
  await client.ok(dir, ['tag', '-a', 'v1', '-m', 'release one']);
  await client.ok(dir, ['tag', '-a', 'v1-moved', '-m', 'a tag object whose ref is replaced by a plain tag']);
  await client.ok(dir, ['push', 'origin', 'main', 'v1', 'v1-moved']);
  const { store } = server.core;
  const v1 = (await client.ok(dir, ['rev-parse', 'v1'])).trim();
  const moved = (await client.ok(dir, ['rev-parse', 'v1-moved'])).trim();

  // Shown by tag refs: kept whatever the grace period.
  await store.collectGarbage(0);
  assert.ok(store.tagObject(v1) && store.tagObject(moved));

  // Deleted by push, then the ref recreated as a plain tag: neither object is shown any more.
  await client.ok(dir, ['push', 'origin', '--delete', 'v1', 'v1-moved']);
  await client.ok(dir, ['tag', '-d', 'v1-moved']);
  await client.ok(dir, ['tag', 'v1-moved']);
  await client.ok(dir, ['push', 'origin', 'v1-moved']);
  let report = await store.collectGarbage(3_600_000);
  assert.equal(report.objectsRemoved.tags, 0, 'younger than the grace period');
  assert.ok(store.tagObject(v1) && store.tagObject(moved));
  report = await store.collectGarbage(0);
  assert.ok(report.objectsRemoved.tags >= 2, `removed ${report.objectsRemoved.tags}`);
  assert.equal(store.tagObject(v1), undefined);
  assert.equal(store.tagObject(moved), undefined);
  assert.equal(store.annotatedTags(repo.id).size, 0);

  // The history they named stays, and git sees the plain tag.
  const clone = 'tag-gc-clone';
  await client.ok('.', ['clone', repoUrl(repo), clone]);
  assert.equal((await client.ok(clone, ['cat-file', '-t', 'v1-moved'])).trim(), 'commit');
  await client.ok(clone, ['fsck', '--strict']);
});

test('deltas: similar files in one push (OFS_DELTA) and an edit pushed as a thin pack against the hub blob', async () => {
  const repo = createTestRepo(server, 'deltas');
  const dir = 'deltas';
  await client.ok('.', ['clone', repoUrl(repo), dir]);
  const text = Array.from({ length: 3000 }, (_line, i) => `line ${i}: ${'x'.repeat(i % 40)}`).join('\n');
  writeFileSync(client.path(`${dir}/a.txt`), text);
  writeFileSync(client.path(`${dir}/b.txt`), `${text}\nmore`);
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'two similar files']);
  await client.ok(dir, ['push', 'origin', 'main']);
  writeFileSync(client.path(`${dir}/a.txt`), text.replace('line 1500:', 'line fifteen hundred:'));
  await client.ok(dir, ['commit', '-am', 'edit one line']);
  const trace = await client.run(dir, ['push', 'origin', 'main'], { GIT_TRACE: '1' });
  assert.equal(trace.code, 0, trace.stderr);
  assert.match(trace.stderr, /pack-objects.*--thin/);
  assert.equal(headOf(server, repo), (await client.ok(dir, ['rev-parse', 'HEAD'])).trim());
  assert.equal((await resolveFile(repo, 'a.txt')).toString(), text.replace('line 1500:', 'line fifteen hundred:'));
  assert.equal((await resolveFile(repo, 'b.txt')).toString(), `${text}\nmore`);
});

test('a forced push is refused by default with how to allow it; the owner allows it for branches, then for main', async () => {
  const repo = createTestRepo(server, 'nonff');
  const dir = 'nonff';
  await cloneWithCommit(repo, dir, []);
  await client.ok(dir, ['push', 'origin', 'main', 'main:refs/heads/feature']);
  const head = headOf(server, repo);
  await client.ok(dir, ['commit', '--amend', '-m', 'rewritten']);
  const rewritten = (await client.ok(dir, ['rev-parse', 'HEAD'])).trim();
  const plain = await client.run(dir, ['push', 'origin', 'main']);
  assert.notEqual(plain.code, 0);
  assert.match(plain.stderr, /rejected/);
  const forced = await client.run(dir, ['push', '--force', 'origin', 'main', 'HEAD:feature']);
  assert.notEqual(forced.code, 0);
  assert.match(forced.stderr, /force pushes are off for this repo .*"allowForcePush": true/);
  assert.equal(headOf(server, repo), head);

  const settings = `${server.url}/api/models/${repo.fullName}/settings`;
  const put = (token: string | undefined, body: unknown) =>
    httpRequest(settings, { method: 'PUT', headers: { ...(token ? bearer(token) : {}), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  server.core.accounts.createUser('eve');
  const eve = server.core.accounts.createToken('eve', { role: 'write', displayName: 'w' });
  for (const token of [readOnlyToken(server, 'nonff-reader'), eve, undefined]) {
    const refused = await put(token, { allowForcePush: 'all' });
    assert.ok([401, 403, 404].includes(refused.status), `status ${refused.status}`);
  }
  assert.equal(server.core.store.repoOptions(repo.id).allowForcePush, false);

  const allowed = await put(server.token, { allowForcePush: true });
  assert.equal(allowed.status, 200);
  assert.equal((allowed.json() as { allowForcePush: unknown }).allowForcePush, true);
  const branch = await client.run(dir, ['push', '--force', 'origin', 'HEAD:feature']);
  assert.equal(branch.code, 0, branch.stderr);
  assert.equal(headOf(server, repo, 'feature'), rewritten);
  const main = await client.run(dir, ['push', '--force', 'origin', 'main']);
  assert.notEqual(main.code, 0);
  assert.match(main.stderr, /main is protected from force pushes .*"allowForcePush": "all"/);
  assert.equal(headOf(server, repo), head);

  assert.equal((await put(server.token, { allowForcePush: 'all' })).status, 200);
  const mainAllowed = await client.run(dir, ['push', '--force', 'origin', 'main']);
  assert.equal(mainAllowed.code, 0, mainAllowed.stderr);
  assert.equal(headOf(server, repo), rewritten);
  const local = (await client.ok(dir, ['log', '--format=%H', 'main'])).trim().split('\n');
  assert.deepEqual(await apiCommitIds(repo), local);
});

test('a wrong token, a read token and another user are refused with what git shows', async () => {
  const repo = createTestRepo(server, 'auth');
  const dir = 'auth';
  await cloneWithCommit(repo, dir, []);
  const before = headOf(server, repo);
  const wrong = await client.run(dir, ['push', repoUrl(repo, 'hf_wrong_token'), 'main']);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /Authentication failed/);
  const read = await client.run(dir, ['push', repoUrl(repo, readOnlyToken(server, 'reader')), 'main']);
  assert.notEqual(read.code, 0);
  assert.match(read.stderr, /403|read-only/);
  server.core.accounts.createUser('mallory');
  const mallory = server.core.accounts.createToken('mallory', { role: 'write', displayName: 'w' });
  const other = await client.run(dir, ['push', repoUrl(repo, mallory), 'main']);
  assert.notEqual(other.code, 0);
  assert.match(other.stderr, /403|write access/);
  const anonymous = await client.run(dir, ['push', `${server.url}/${repo.fullName}.git`, 'main']);
  assert.notEqual(anonymous.code, 0);
  assert.match(anonymous.stderr, /could not read Username|Authentication failed/);
  assert.equal(headOf(server, repo), before);
});

test('a file over the LFS threshold not tracked by LFS is refused, naming the file and git lfs track', async () => {
  const repo = server.core.store.updateRepoSettings(createTestRepo(server, 'big').id, { lfsThreshold: 1024 * 1024 });
  const dir = 'big';
  await client.ok('.', ['clone', repoUrl(repo), dir]);
  writeFileSync(client.path(`${dir}/big.dat`), weights);
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'big file without lfs']);
  const before = headOf(server, repo);
  const pushed = await client.run(dir, ['push', 'origin', 'main']);
  assert.notEqual(pushed.code, 0);
  assert.match(pushed.stderr, /big\.dat/);
  assert.match(pushed.stderr, /git lfs track "big\.dat"/);
  assert.equal(headOf(server, repo), before);

  // Once a repo with a higher threshold holds the same tree and blob, the store has them: still refused here.
  const roomy = createTestRepo(server, 'big-roomy');
  const accepted = await client.run(dir, ['push', repoUrl(roomy), 'main:refs/heads/copy']);
  assert.equal(accepted.code, 0, accepted.stderr);
  const again = await client.run(dir, ['push', 'origin', 'main']);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /git lfs track "big\.dat"/);
  assert.equal(headOf(server, repo), before);
});

test('a pointer whose LFS object was not uploaded is refused; quotas apply; the catalog hears of pushed refs', async () => {
  const repo = createTestRepo(server, 'nolfs');
  const dir = 'nolfs';
  await cloneWithCommit(repo, dir, []);
  // Bytes no other test uploaded (the blob store is shared by content).
  writeFileSync(client.path(`${dir}/weights.bin`), Buffer.concat([weights, Buffer.from('nolfs')]));
  await client.ok(dir, ['commit', '-am', 'unique weights']);
  const before = headOf(server, repo);
  const skipped = await client.run(dir, ['push', 'origin', 'main'], { GIT_LFS_SKIP_PUSH: '1' });
  assert.notEqual(skipped.code, 0);
  assert.match(skipped.stderr, /LFS objects not uploaded: weights\.bin/);
  assert.match(skipped.stderr, /git lfs push --all origin/);
  assert.equal(headOf(server, repo), before);

  server.core.store.setRepoQuota(repo.id, 1000);
  writeFileSync(client.path(`${dir}/notes.txt`), 'n'.repeat(5000));
  await client.ok(dir, ['add', '.']);
  await client.ok(dir, ['commit', '-m', 'notes over the quota']);
  const quota = await client.run(dir, ['push', 'origin', 'main']);
  assert.notEqual(quota.code, 0);
  assert.match(quota.stderr, /quota/i);
  assert.equal(headOf(server, repo), before);

  server.core.store.setRepoQuota(repo.id, null);
  const changed: number[] = [];
  server.core.store.onRefsChanged({ refsChanged: (id) => changed.push(id), repoMoved: () => undefined, repoDeleted: () => undefined });
  await client.ok(dir, ['push', 'origin', 'main']);
  assert.ok(changed.includes(repo.id));
});

test('Python huggingface_hub and @huggingface/hub see the pushed commit and bytes', async () => {
  const repo = createTestRepo(server, 'clients');
  const dir = 'clients';
  await cloneWithCommit(repo, dir, []);
  await client.ok(dir, ['push', 'origin', 'main']);
  const head = (await client.ok(dir, ['rev-parse', 'HEAD'])).trim();
  const python = pythonWithHfHub();
  const seen = (await runPythonJsonAsync(
    python,
    `
import json, hashlib
from huggingface_hub import HfApi, hf_hub_download
api = HfApi()
commits = api.list_repo_commits("${repo.fullName}")
path = hf_hub_download("${repo.fullName}", "weights.bin", cache_dir=${JSON.stringify(client.path('py-cache'))})
print(json.dumps({"head": commits[0].commit_id, "sha": hashlib.sha256(open(path, "rb").read()).hexdigest()}))
`,
    { HF_ENDPOINT: server.url, HF_TOKEN: server.token, HF_HUB_DISABLE_XET: '1' },
  )) as { head: string; sha: string };
  assert.deepEqual(seen, { head, sha: sha256(weights) });
  const hub = await import('@huggingface/hub');
  const info = await hub.modelInfo({ name: repo.fullName, hubUrl: server.url, accessToken: server.token, additionalFields: ['sha'] });
  assert.equal((info as { sha?: string }).sha, head);
  const blob = await hub.downloadFile({ repo: repo.fullName, path: 'README.md', hubUrl: server.url, accessToken: server.token });
  assert.equal(await blob?.text(), '# pushed\n');
});
