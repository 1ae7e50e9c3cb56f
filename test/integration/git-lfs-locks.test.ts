import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { GitClient, urlWithToken } from '../helpers/git-client.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { createTestRepo, headOf, readOnlyToken } from '../helpers/hub-write.js';
import { startServer } from '../helpers/start-server.js';

const server = await startServer({ after });
const client = await GitClient.create();
const { accounts } = server.core;
accounts.createOrg('lockers');
accounts.addMember('lockers', server.user, 'admin');
accounts.createUser('bob');
accounts.addMember('lockers', 'bob', 'write');
const bob = accounts.createToken('bob', { role: 'write', displayName: 'bob' });
const aliceAdmin = accounts.createToken(server.user, { role: 'admin', displayName: 'admin' });
const repo = createTestRepo(server, 'locked', { namespace: 'lockers' });
const gitUrl = `${server.url}/${repo.fullName}.git`;
const locksUrl = `${gitUrl}/info/lfs/locks`;
const lfsJson = { 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' };

async function edit(dir: string, content: string): Promise<void> {
  writeFileSync(client.path(`${dir}/weights.bin`), content);
  await client.ok(dir, ['commit', '-am', `weights: ${content}`]);
}

test('git lfs lock, locks and unlock; a push changing a file another user locked is refused', async () => {
  await client.ok('.', ['clone', urlWithToken(gitUrl, server.token), 'alice']);
  await client.ok('alice', ['lfs', 'track', '*.bin']);
  writeFileSync(client.path('alice/weights.bin'), 'v1');
  await client.ok('alice', ['add', '.']);
  await client.ok('alice', ['commit', '-m', 'weights']);
  await client.ok('alice', ['push', 'origin', 'main']);
  await client.ok('.', ['clone', urlWithToken(gitUrl, bob), 'bob']);

  const locked = await client.run('alice', ['lfs', 'lock', 'weights.bin']);
  assert.equal(locked.code, 0, locked.stderr);
  assert.match(await client.ok('bob', ['lfs', 'locks']), new RegExp(`weights\\.bin\\s+${server.user}\\s+ID:\\d+`));
  const again = await client.run('bob', ['lfs', 'lock', 'weights.bin']);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr + again.stdout, /already created lock/);

  await edit('bob', 'v2 by bob');
  const before = headOf(server, repo);
  // git-lfs verifies locks before pushing: with lfs.locksverify on, it refuses; by default it warns.
  const push = await client.run('bob', ['-c', 'lfs.locksverify=true', 'push', 'origin', 'main']);
  assert.notEqual(push.code, 0, push.stderr);
  assert.match(push.stderr, /Cannot update locked files|Unable to push locked files/);
  assert.equal(headOf(server, repo), before);

  const notOwner = await client.run('bob', ['lfs', 'unlock', 'weights.bin']);
  assert.notEqual(notOwner.code, 0);
  const forcedByMember = await client.run('bob', ['lfs', 'unlock', '--force', 'weights.bin']);
  assert.notEqual(forcedByMember.code, 0);
  assert.match(forcedByMember.stderr + forcedByMember.stdout, /Only .* or an owner of lockers/);

  const unlocked = await client.run('alice', ['lfs', 'unlock', 'weights.bin']);
  assert.equal(unlocked.code, 0, unlocked.stderr);
  assert.equal((await client.ok('bob', ['lfs', 'locks'])).trim(), '');
  const retry = await client.run('bob', ['-c', 'lfs.locksverify=true', 'push', 'origin', 'main']);
  assert.equal(retry.code, 0, retry.stderr);
  assert.notEqual(headOf(server, repo), before);
});

test('the repo owner force-unlocks a lock of another user; verify splits ours and theirs', async () => {
  const created = await httpRequest(locksUrl, { method: 'POST', headers: { ...bearer(bob), ...lfsJson }, body: JSON.stringify({ path: 'config.json', ref: { name: 'refs/heads/main' } }) });
  assert.equal(created.status, 201);
  const lock = (created.json() as { lock: { id: string; path: string; owner: { name: string } } }).lock;
  assert.deepEqual([lock.path, lock.owner.name], ['config.json', 'bob']);

  const verify = async (token: string) => {
    const res = await httpRequest(`${locksUrl}/verify`, { method: 'POST', headers: { ...bearer(token), ...lfsJson }, body: JSON.stringify({ ref: { name: 'refs/heads/main' } }) });
    assert.equal(res.status, 200);
    const body = res.json() as { ours: Array<{ id: string }>; theirs: Array<{ id: string }> };
    return { ours: body.ours.map((l) => l.id), theirs: body.theirs.map((l) => l.id) };
  };
  assert.deepEqual(await verify(bob), { ours: [lock.id], theirs: [] });
  assert.deepEqual(await verify(server.token), { ours: [], theirs: [lock.id] });

  const listed = await httpRequest(`${locksUrl}?path=config.json`, { headers: { ...bearer(server.token), accept: lfsJson.accept } });
  assert.equal(listed.status, 200);
  assert.deepEqual((listed.json() as { locks: Array<{ id: string }> }).locks.map((l) => l.id), [lock.id]);
  const byId = await httpRequest(`${locksUrl}?id=${lock.id}&limit=1`, { headers: bearer(server.token) });
  assert.equal((byId.json() as { locks: unknown[] }).locks.length, 1);

  const unlock = (token: string, force: boolean) =>
    httpRequest(`${locksUrl}/${lock.id}/unlock`, { method: 'POST', headers: { ...bearer(token), ...lfsJson }, body: JSON.stringify({ force }) });
  assert.equal((await unlock(server.token, false)).status, 403);
  // A write token of the org's admin is only a writer there; the admin token may force.
  assert.equal((await unlock(server.token, true)).status, 403);
  const forced = await unlock(aliceAdmin, true);
  assert.equal(forced.status, 200, forced.text);
  assert.equal((await unlock(aliceAdmin, true)).status, 404);
});

test('locks answer as the batch endpoint does: anonymous and read tokens may list, not lock; bad input is 422', async () => {
  const anonymousList = await httpRequest(locksUrl);
  assert.equal(anonymousList.status, 200, anonymousList.text);
  const anonymousLock = await httpRequest(locksUrl, { method: 'POST', headers: lfsJson, body: JSON.stringify({ path: 'a' }) });
  assert.equal(anonymousLock.status, 401);
  assert.match(anonymousLock.header('lfs-authenticate'), /Basic/);
  const reader = readOnlyToken(server, 'lock-reader');
  const readLock = await httpRequest(locksUrl, { method: 'POST', headers: { ...bearer(reader), ...lfsJson }, body: JSON.stringify({ path: 'a' }) });
  assert.equal(readLock.status, 403);
  accounts.createUser('mallory');
  const mallory = accounts.createToken('mallory', { role: 'write', displayName: 'm' });
  const outsider = await httpRequest(locksUrl, { method: 'POST', headers: { ...bearer(mallory), ...lfsJson }, body: JSON.stringify({ path: 'a' }) });
  assert.equal(outsider.status, 403);
  const bad = await httpRequest(locksUrl, { method: 'POST', headers: { ...bearer(server.token), ...lfsJson }, body: JSON.stringify({ path: 5 }) });
  assert.equal(bad.status, 422);
  assert.equal(bad.header('x-error-code'), 'UnprocessableEntity');
  const badLimit = await httpRequest(`${locksUrl}?limit=0`, { headers: bearer(server.token) });
  assert.equal(badLimit.status, 422);
  const privateRepo = createTestRepo(server, 'hidden', { namespace: 'lockers', private: true });
  const hidden = await httpRequest(`${server.url}/${privateRepo.fullName}.git/info/lfs/locks`, { headers: bearer(mallory) });
  assert.equal(hidden.status, 404);
});
