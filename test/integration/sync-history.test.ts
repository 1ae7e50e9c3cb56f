import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPuller, parsePullSpec, type PullCall, type PullPreview, type PullResult, type PullSpecInput } from '../../src/main/sync/index.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { httpRequest } from '../helpers/http-request.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';

const KiB = 1024;

interface ApiCommit {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly authors: ReadonlyArray<{ readonly user: string }>;
  readonly date: string;
}

/** A remote with four commits after its initial one: add, change + delete, rename, and a commit by another author. */
async function remoteWithHistory(t: Cleanup) {
  const remote = await startServer(t);
  const local = await startServer(t, { user: 'bob' });
  const weights = randomContent(300 * KiB);
  const { repo } = await seedRepo(remote.core.store, {
    files: { 'config.json': '{"v":1}', 'weights/model.bin': weights, 'notes/old.txt': 'old notes\n' },
    lfs: ['weights/model.bin'],
    title: 'Add the first model',
  });
  const store = remote.core.store;
  await commitFiles(store, repo.id, { 'config.json': '{"v":2}' }, { title: 'Bump config\n\nThe second version of the config, with a body.', deletes: ['notes/old.txt'] });
  await commitFiles(store, repo.id, { 'weights/renamed.bin': weights }, { lfs: ['weights/renamed.bin'], title: 'Rename the weights', deletes: ['weights/model.bin'] });
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  return { remote, local, proxy, repo, weights };
}

async function pullInto(local: TestServer, input: Omit<PullSpecInput, 'repo'>, call: PullCall = {}): Promise<PullResult> {
  const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.puller.pull(parsePullSpec({ repo: 'alice/m1', ...input }), call);
  } finally {
    await opened.close();
  }
}

async function apiCommits(server: TestServer, revision = 'main'): Promise<ApiCommit[]> {
  const response = await httpRequest(`${server.url}/api/models/alice/m1/commits/${revision}`, { headers: { authorization: `Bearer ${server.token}` } });
  assert.equal(response.status, 200, response.text);
  return (response.json() as ApiCommit[]).map(({ id, title, message, authors, date }) => ({ id, title, message, authors: authors.map(({ user }) => ({ user })), date }));
}

function treeOf(server: TestServer, commit: string): string {
  const info = server.core.store.getCommit(commit);
  assert.ok(info, `commit ${commit} exists`);
  return info.treeOid;
}

function servedFiles(proxy: FaultProxy, from = 0): string[] {
  return proxy.requests.slice(from).filter((line) => line.startsWith('GET ') && line.includes('/resolve/')).map((line) => decodeURIComponent(line.split('/resolve/')[1]?.split('/').slice(1).join('/') ?? ''));
}

const withoutIds = (commits: readonly ApiCommit[]) => commits.map(({ title, message, authors, date }) => ({ title, message, authors, date }));

describe('hubkeeper pull --history: one local commit per remote commit', () => {
  it('replays every remote commit with its title, message, author and date, tree oids equal at every step; a rerun moves only new commits', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo, weights } = await remoteWithHistory(t);

    const first = await pullInto(local, { endpoint: proxy.url, history: true }, { token: remote.token });
    const remoteCommits = await apiCommits(remote);
    assert.equal(remoteCommits.length, 4, 'the initial commit and three more');
    assert.deepEqual(withoutIds(await apiCommits(local)), withoutIds(remoteCommits), 'titles, messages, authors and dates are the remote\'s');
    assert.equal(first.committed, true);
    assert.equal(first.treeMatchesRemote, true);
    assert.deepEqual(first.commits?.map((commit) => commit.title), ['Add the first model', 'Bump config', 'Rename the weights'], 'the initial commit maps onto the local one');
    for (const commit of first.commits ?? []) assert.equal(treeOf(local, commit.local), treeOf(remote, commit.remote), `tree of "${commit.title}"`);
    const localCommits = await apiCommits(local);
    for (const [index, commit] of localCommits.entries()) assert.equal(treeOf(local, commit.id), treeOf(remote, (remoteCommits[index] as ApiCommit).id));
    assert.equal(first.remoteCommit, remoteCommits[0]?.id);
    assert.equal(first.localCommit, localCommits[0]?.id);

    const served = servedFiles(proxy);
    assert.equal(served.filter((path) => path.startsWith('weights/')).length, 1, `the renamed weights are fetched once (by content hash): ${served.join(', ')}`);
    assert.equal(served.filter((path) => path === 'config.json').length, 2, 'each version of config.json once');
    assert.ok(proxy.bytesServed() < weights.length + 4 * KiB, `moved ${proxy.bytesServed()} bytes`);

    await commitFiles(remote.core.store, repo.id, { 'README.md': '# m1\n' }, { title: 'Add a README' });
    const requestsBefore = proxy.requests.length;
    const second = await pullInto(local, { endpoint: proxy.url, history: true }, { token: remote.token });
    assert.deepEqual(second.commits?.map((commit) => commit.title), ['Add a README']);
    assert.deepEqual(servedFiles(proxy, requestsBefore), ['README.md'], 'only the new commit\'s file moved');
    assert.equal(second.filesTransferred, 1);
    assert.deepEqual(withoutIds(await apiCommits(local)), withoutIds(await apiCommits(remote)));

    await assert.rejects(pullInto(local, { endpoint: proxy.url, history: true, include: ['*.json'] }, { token: remote.token }), /--history mirrors whole trees/);
    const third = await pullInto(local, { endpoint: proxy.url, history: true }, { token: remote.token });
    assert.equal(third.committed, false);
    assert.deepEqual(third.commits, []);
    assert.equal(third.localCommit, second.localCommit);
  });

  it('continues after a pull of one revision, from the commit that pull mapped', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo } = await remoteWithHistory(t);
    const single = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    await commitFiles(remote.core.store, repo.id, { 'a.txt': 'a' }, { title: 'Add a' });
    await commitFiles(remote.core.store, repo.id, { 'b.txt': 'b' }, { title: 'Add b' });
    const history = await pullInto(local, { endpoint: proxy.url, history: true }, { token: remote.token });
    assert.deepEqual(history.commits?.map((commit) => commit.title), ['Add a', 'Add b']);
    const localCommits = await apiCommits(local);
    assert.equal(localCommits[2]?.id, single.localCommit, 'the two new commits sit on the single-revision pull');
    assert.equal(treeOf(local, history.localCommit), treeOf(remote, history.remoteCommit));
  });
});

describe('hubkeeper pull --all-refs: branches and tags', () => {
  it('mirrors two branches and a tag on the mapped commit; a branch deleted on the remote is reported and kept here', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo } = await remoteWithHistory(t);
    const store = remote.core.store;
    const tagged = (await apiCommits(remote))[1]?.id as string;
    store.createTag(repo.id, 'v1', tagged);
    store.createBranch(repo.id, 'dev', 'main');
    await commitFiles(store, repo.id, { 'dev.txt': 'work in progress\n' }, { title: 'Start dev', branch: 'dev' });

    const result = await pullInto(local, { endpoint: proxy.url, history: true, allRefs: true }, { token: remote.token });
    assert.deepEqual(result.refs?.branches.map((branch) => [branch.name, branch.committed]), [['main', true], ['dev', true]]);
    const localRepo = local.core.store.getRepo('model', 'alice', 'm1');
    const refs = local.core.store.listRefs(localRepo.id);
    assert.deepEqual(refs.branches.map((branch) => branch.name).sort(), ['dev', 'main']);
    for (const branch of ['main', 'dev']) {
      assert.equal(treeOf(local, local.core.store.resolveRevision(localRepo.id, branch)), treeOf(remote, store.resolveRevision(repo.id, branch)), `tree of ${branch}`);
    }
    assert.deepEqual(withoutIds(await apiCommits(local, 'dev')), withoutIds(await apiCommits(remote, 'dev')), 'dev\'s history too');
    const tag = refs.tags.find((candidate) => candidate.name === 'v1');
    assert.ok(tag, 'the tag is mirrored');
    assert.equal(treeOf(local, tag.commit), treeOf(remote, tagged), 'on the local commit mirroring the remote one');
    assert.deepEqual(result.refs?.tags.map((entry) => [entry.name, entry.status]), [['v1', 'created']]);

    store.deleteBranch(repo.id, 'dev');
    const again = await pullInto(local, { endpoint: proxy.url, history: true, allRefs: true }, { token: remote.token });
    assert.deepEqual(again.refs?.remoteDeletedBranches, ['dev']);
    assert.deepEqual(again.refs?.tags.map((entry) => [entry.name, entry.status]), [['v1', 'unchanged']]);
    assert.equal(again.committed, false);
    assert.ok(local.core.store.hasBranch(localRepo.id, 'dev'), 'local history is never deleted');
  });
});

describe('hubkeeper pull --dry-run and --history from the command line', () => {
  it('previews the files and bytes to fetch and writes nothing; --history --json lists the commits mirrored; then nothing is left to pull', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, proxy, weights } = await remoteWithHistory(t);
    const data = await tempFolder(t, 'hubkeeper-history-');
    const args = ['pull', 'alice/m1', '--from', proxy.url, '--token', remote.token, '--data', data];

    const dry = await runCliFromSource([...args, '--history', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const preview = JSON.parse(dry.stdout) as PullPreview;
    assert.equal(preview.localCommit, null);
    assert.equal(preview.newCommits, 4);
    assert.deepEqual(preview.files.filter((file) => file.fetch).map((file) => file.path).sort(), ['.gitattributes', 'config.json', 'weights/renamed.bin']);
    assert.ok(preview.bytesToFetch > weights.length && preview.bytesToFetch < weights.length + 4 * KiB, String(preview.bytesToFetch));
    assert.equal(proxy.bytesServed(), 0, 'a dry run fetches no file');
    const text = await runCliFromSource([...args, '--dry-run']);
    assert.match(text.stdout, /would fetch 3 files \(3\d\d kB\); 3 added or changed, 0 removed/);
    assert.match(text.stdout, /^fetch {2}weights\/renamed\.bin {2}30\d kB$/m);

    const pulled = await runCliFromSource([...args, '--history', '--json']);
    assert.equal(pulled.code, 0, pulled.stderr);
    const result = JSON.parse(pulled.stdout) as PullResult;
    assert.deepEqual(result.commits?.map((commit) => commit.title), ['Add the first model', 'Bump config', 'Rename the weights']);
    assert.equal(result.remoteCommit, remote.core.store.resolveRevision(remote.core.store.getRepo('model', 'alice', 'm1').id, 'main'));

    const after = JSON.parse((await runCliFromSource([...args, '--history', '--dry-run', '--json'])).stdout) as PullPreview;
    assert.equal(after.upToDate, true);
    assert.equal(after.newCommits, 0);
    const textAfter = await runCliFromSource([...args, '--dry-run']);
    assert.match(textAfter.stdout, /is up to date with .* nothing to pull/);
  });
});
