import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { storeWithRepo } from '../../../test/helpers/temp-store.js';

const setup = storeWithRepo;

const isCode = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

test('the gate decides a new request: auto accepts, manual leaves it pending, no gate refuses it', () => {
  const { store, repo } = setup();
  assert.throws(() => store.accessRequests.ask(repo, 'bob', {}), isCode('BadRequest'));
  const manual = store.updateRepoSettings(repo.id, { gated: 'manual' });
  assert.equal(store.accessRequests.ask(manual, 'bob', { why: 'research' }).status, 'pending');
  const auto = store.updateRepoSettings(repo.id, { gated: 'auto' });
  assert.equal(store.accessRequests.ask(auto, 'carol', {}).status, 'accepted');
  assert.equal(store.accessRequests.ask(auto, 'BOB', {}).status, 'accepted', 'a pending request is decided again by the gate in force');
  assert.deepEqual(store.accessRequests.list(repo.id, 'pending'), []);
});

test('handling keeps the form and the first request time; a reason goes with a rejection only', () => {
  const { store, repo } = setup();
  const gated = store.updateRepoSettings(repo.id, { gated: 'manual' });
  const asked = store.accessRequests.ask(gated, 'bob', { why: 'research' });
  const rejected = store.accessRequests.handle(gated, 'bob', 'rejected', 'no');
  assert.deepEqual([rejected.status, rejected.rejectionReason, rejected.fields, rejected.createdAt], ['rejected', 'no', { why: 'research' }, asked.createdAt]);
  assert.equal(store.accessRequests.handle(gated, 'bob', 'pending').rejectionReason, undefined);
  assert.throws(() => store.accessRequests.handle(gated, 'dave', 'accepted'), isCode('NotFound'));
  assert.equal(store.accessRequests.grant(gated, 'bob').granted, false, 'accepting an existing request is not a bare grant');
  assert.throws(() => store.accessRequests.grant(gated, 'bob'), isCode('BadRequest'));
  assert.equal(store.accessRequests.grant(gated, 'carol').granted, true);
  store.deleteRepo(repo.id);
  assert.equal(store.accessRequests.status(repo.id, 'carol'), undefined, 'a deleted repo takes its requests with it');
});
