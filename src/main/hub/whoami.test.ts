import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearer, httpRequest } from '../../../test/helpers/http-request.js';
import { startServer } from '../../../test/helpers/start-server.js';

describe('GET /api/whoami-v2', () => {
  it('answers with the shape huggingface_hub and @huggingface/hub read', async (t) => {
    const server = await startServer(t);
    const { accounts } = server.core;
    accounts.createOrg('acme', { fullname: 'Acme Inc.' });
    accounts.addMember('acme', server.user, 'write');
    const token = accounts.createToken(server.user, { role: 'read', displayName: 'laptop' });

    const res = await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(token) });
    assert.equal(res.status, 200);
    const body = res.json() as Record<string, unknown>;
    const user = accounts.getUser(server.user);
    assert.ok(user);
    const avatar = body.avatarUrl;
    assert.equal(typeof avatar, 'string');
    assert.deepEqual(
      { ...body, avatarUrl: '', orgs: (body.orgs as Array<Record<string, unknown>>).map((org) => ({ ...org, avatarUrl: '' })) },
      {
        type: 'user',
        id: String(user.id),
        name: 'alice',
        fullname: 'alice',
        email: null,
        emailVerified: false,
        isPro: false,
        canPay: false,
        avatarUrl: '',
        periodEnd: null,
        billingMode: 'prepaid',
        orgs: [
          {
            type: 'org',
            id: String(accounts.getOrg('acme')?.id),
            name: 'acme',
            fullname: 'Acme Inc.',
            email: null,
            canPay: false,
            avatarUrl: '',
            periodEnd: null,
            roleInOrg: 'write',
          },
        ],
        auth: {
          type: 'access_token',
          accessToken: { displayName: 'laptop', role: 'read', createdAt: accounts.listTokens('alice')[1]?.createdAt.toISOString() },
        },
      },
    );
    const createdAt = (body.auth as { accessToken: { createdAt: string } }).accessToken.createdAt;
    assert.match(createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('accepts the token as a git-style Basic password', async (t) => {
    const server = await startServer(t);
    const basic = Buffer.from(`whoever:${server.token}`).toString('base64');
    const res = await httpRequest(`${server.url}/api/whoami-v2`, { headers: { authorization: `Basic ${basic}` } });
    assert.equal(res.status, 200);
    assert.equal((res.json() as { name: string }).name, server.user);
  });

  it('answers 401 with the HF message for a missing or unknown token', async (t) => {
    const server = await startServer(t);
    for (const headers of [{}, bearer('hf_not_a_known_token_at_all')]) {
      const res = await httpRequest(`${server.url}/api/whoami-v2`, { headers });
      assert.equal(res.status, 401);
      assert.equal(res.header('x-error-message'), 'Invalid credentials in Authorization header');
      assert.deepEqual(res.json(), { error: 'Invalid credentials in Authorization header' });
    }
  });
});
