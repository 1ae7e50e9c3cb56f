import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fastify } from 'fastify';
import { OWNER_ONLY, requireAccessDeclarations, type DeclaredRoute } from './route-access.js';

test('a route that declares no access stops the app API from starting (fail closed)', async () => {
  const declared: DeclaredRoute[] = [];
  const app = fastify();
  app.register((scope, _options, done) => {
    requireAccessDeclarations(scope, declared);
    scope.get('/settings', OWNER_ONLY, () => ({}));
    assert.throws(() => scope.get('/forgotten', () => ({})), /GET \/forgotten declares no access/);
    done();
  });
  await app.ready();
  assert.equal((await app.inject({ url: '/forgotten' })).statusCode, 404, 'the undeclared route was never added');
  assert.deepEqual(declared.map((route) => `${route.method} ${route.url} ${route.access}`), ['GET /settings owner', 'HEAD /settings owner']);
});
