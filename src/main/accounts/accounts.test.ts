import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { openDatabase, type Db } from '../db/index.js';
import { appError } from '../../../test/helpers/app-error.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createAccounts, hashToken, type Accounts } from './index.js';

describe('accounts', () => {
  let db: Db;
  let accounts: Accounts;
  let clock: number;

  beforeEach(() => {
    db = openDatabase(':memory:');
    clock = Date.UTC(2026, 0, 1);
    accounts = createAccounts(db, { now: () => clock });
  });

  it('creates users and finds them case-insensitively', () => {
    const alice = accounts.createUser('Alice', { fullname: 'Alice A.', email: 'alice@example.com' });
    assert.equal(alice.name, 'Alice');
    assert.equal(accounts.getUser('alice')?.id, alice.id);
    assert.equal(accounts.getUser('alice')?.email, 'alice@example.com');
    assert.equal(accounts.getUser('bob'), undefined);
    assert.deepEqual(accounts.listUsers().map((u) => u.name), ['Alice']);
  });

  it('refuses invalid, reserved and taken names', () => {
    assert.equal(appError(() => accounts.createUser('bad name')).code, 'BadRequest');
    assert.equal(appError(() => accounts.createUser('datasets')).code, 'BadRequest');
    assert.equal(appError(() => accounts.createUser('-')).code, 'BadRequest');
    accounts.createUser('alice');
    assert.equal(appError(() => accounts.createUser('ALICE')).code, 'Conflict');
    assert.equal(appError(() => accounts.createOrg('alice')).code, 'Conflict');
  });

  it('issues hf_ tokens of 34 URL-safe characters and stores only their sha256', () => {
    accounts.createUser('alice');
    const token = accounts.createToken('alice', { role: 'write', displayName: 'laptop' });
    assert.match(token, /^hf_[A-Za-z0-9_-]{34}$/);
    assert.notEqual(accounts.createToken('alice', { role: 'write', displayName: 'laptop' }), token);

    const stored = db.prepare('SELECT token_hash FROM tokens').all() as Array<{ token_hash: string }>;
    assert.ok(stored.some((row) => row.token_hash === hashToken(token)));
    const dump = JSON.stringify(db.prepare('SELECT * FROM tokens').all());
    assert.ok(!dump.includes(token.slice(3)), 'the plain token must not be in the tokens table');
  });

  it('never writes a plain token to the database file', () => {
    const file = join(tempDir(), 'accounts.db');
    const fileDb = openDatabase(file);
    const onDisk = createAccounts(fileDb);
    onDisk.createUser('alice');
    const created = onDisk.createToken('alice', { role: 'write', displayName: 'laptop' });
    onDisk.importToken('alice', 'hf_imported_secret_value', 'read', 'imported');
    fileDb.close();
    const bytes = readFileSync(file).toString('latin1');
    assert.ok(!bytes.includes(created), 'created token found in the database file');
    assert.ok(!bytes.includes('hf_imported_secret_value'), 'imported token found in the database file');
    assert.ok(bytes.includes(hashToken(created)));
  });

  it('authenticates a token into its user and token details', () => {
    accounts.createUser('alice');
    const token = accounts.createToken('alice', { role: 'read', displayName: 'ci' });
    const principal = accounts.authenticate(token);
    assert.equal(principal?.user.name, 'alice');
    assert.equal(principal.token.role, 'read');
    assert.equal(principal.token.displayName, 'ci');
    assert.equal(principal.token.createdAt.toISOString(), '2026-01-01T00:00:00.000Z');
  });

  it('treats unknown, malformed and revoked tokens as nobody', () => {
    accounts.createUser('alice');
    assert.equal(accounts.authenticate('hf_unknownunknown'), undefined);
    assert.equal(accounts.authenticate('not-a-token'), undefined);
    assert.equal(accounts.authenticate(''), undefined);
    const token = accounts.createToken('alice', { role: 'write', displayName: 'old' });
    const [info] = accounts.listTokens('alice');
    assert.ok(info);
    assert.equal(accounts.revokeToken('alice', info.id), true);
    assert.equal(accounts.authenticate(token), undefined);
  });

  it('records when a token was last used, at most once a minute', () => {
    accounts.createUser('alice');
    const token = accounts.createToken('alice', { role: 'write', displayName: 'x' });
    assert.equal(accounts.listTokens('alice')[0]?.lastUsedAt, null);
    accounts.authenticate(token);
    const first = accounts.listTokens('alice')[0]?.lastUsedAt?.getTime();
    assert.equal(first, clock);
    clock += 30_000;
    accounts.authenticate(token);
    assert.equal(accounts.listTokens('alice')[0]?.lastUsedAt?.getTime(), first);
    clock += 60_000;
    accounts.authenticate(token);
    assert.equal(accounts.listTokens('alice')[0]?.lastUsedAt?.getTime(), clock);
  });

  it('imports a chosen token once, and refuses it for another user', () => {
    accounts.createUser('alice');
    accounts.createUser('bob');
    const first = accounts.importToken('alice', 'hf_chosen_token_1', 'write', 'ci');
    const again = accounts.importToken('alice', 'hf_chosen_token_1', 'write', 'ci');
    assert.equal(again.id, first.id);
    assert.equal(appError(() => accounts.importToken('bob', 'hf_chosen_token_1', 'write', 'ci')).code, 'Conflict');
    assert.equal(appError(() => accounts.importToken('alice', 'sk_not_ours', 'write', 'ci')).code, 'BadRequest');
    assert.equal(accounts.authenticate('hf_chosen_token_1')?.user.name, 'alice');
  });

  it('refuses tokens for unknown users and empty token names', () => {
    assert.equal(appError(() => accounts.createToken('ghost', { role: 'write', displayName: 'x' })).code, 'BadRequest');
    accounts.createUser('alice');
    assert.equal(appError(() => accounts.createToken('alice', { role: 'write', displayName: '  ' })).code, 'BadRequest');
  });

  it('gives org members the weaker of their membership and token roles', () => {
    accounts.createUser('alice');
    accounts.createUser('bob');
    accounts.createOrg('acme', { fullname: 'Acme Inc.' });
    accounts.addMember('acme', 'alice', 'admin');
    accounts.addMember('acme', 'bob', 'read');

    const aliceWrite = accounts.authenticate(accounts.createToken('alice', { role: 'write', displayName: 'w' }));
    const bobWrite = accounts.authenticate(accounts.createToken('bob', { role: 'write', displayName: 'w' }));
    const aliceRead = accounts.authenticate(accounts.createToken('alice', { role: 'read', displayName: 'r' }));
    assert.ok(aliceWrite && bobWrite && aliceRead);

    assert.equal(accounts.namespaceRole(aliceWrite, 'alice'), 'write');
    assert.equal(accounts.namespaceRole(aliceWrite, 'acme'), 'write');
    assert.equal(accounts.namespaceRole(aliceRead, 'acme'), 'read');
    assert.equal(accounts.namespaceRole(bobWrite, 'acme'), 'read');
    assert.equal(accounts.namespaceRole(bobWrite, 'alice'), undefined);
    assert.equal(accounts.namespaceRole(bobWrite, 'nobody'), undefined);

    accounts.addMember('acme', 'bob', 'write');
    assert.equal(accounts.namespaceRole(bobWrite, 'acme'), 'write');
    assert.equal(accounts.removeMember('acme', 'bob'), true);
    assert.equal(accounts.namespaceRole(bobWrite, 'acme'), undefined);
    assert.deepEqual(
      accounts.membershipsOf('alice').map((m) => [m.org.name, m.org.fullname, m.role]),
      [['acme', 'Acme Inc.', 'admin']],
    );
  });

  it('does not let an org log in or hold tokens', () => {
    accounts.createOrg('acme');
    assert.equal(accounts.getUser('acme'), undefined);
    assert.equal(appError(() => accounts.createToken('acme', { role: 'write', displayName: 'x' })).code, 'BadRequest');
    assert.equal(appError(() => accounts.addMember('alice', 'acme', 'read')).code, 'BadRequest');
  });

  it('bootstraps the first user with a write token, only while there are no users', () => {
    assert.equal(accounts.bootstrap('admin', 'hf_bootstrap_token'), true);
    const principal = accounts.authenticate('hf_bootstrap_token');
    assert.equal(principal?.user.name, 'admin');
    assert.equal(principal.token.role, 'write');
    assert.equal(accounts.bootstrap('other', 'hf_other_token_1'), false);
    assert.equal(accounts.getUser('other'), undefined);
    assert.equal(accounts.authenticate('hf_other_token_1'), undefined);
  });

  it('leaves no user behind when bootstrapping fails half-way', () => {
    assert.throws(() => accounts.bootstrap('admin', 'bad-token'));
    assert.equal(accounts.getUser('admin'), undefined);
  });
});
