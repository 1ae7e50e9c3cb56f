import assert from 'node:assert/strict';
import { httpRequest, type HttpResponse } from './http-request.js';
import type { TestServer } from './start-server.js';

/** The session cookie ("name=value") of the owner, signed in with the one-time link `serve` prints. */
export async function ownerSession(server: TestServer): Promise<string> {
  const code = /#\/sign-in\/(.+)$/.exec(server.core.ui.signInUrl(server.url))?.[1] ?? '';
  return signIn(server, { code });
}

/** The session cookie of whoever holds `token`, signed in to the UI with it. */
export function tokenSession(server: TestServer, token: string): Promise<string> {
  return signIn(server, { token });
}

async function signIn(server: TestServer, body: { code: string } | { token: string }): Promise<string> {
  const res = await httpRequest(`${server.url}/-/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, res.text);
  return res.header('set-cookie').split(';')[0] ?? '';
}

/** One app-API request (`path` after /-/api/v1) as a browser sends it: the cookie, and JSON for changes. */
export function appRequest(server: TestServer, cookie: string | undefined, method: string, path: string, body?: unknown): Promise<HttpResponse> {
  const changes = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  return httpRequest(`${server.url}/-/api/v1${path}`, {
    method,
    headers: { ...(cookie === undefined ? {} : { cookie }), ...(changes ? { 'content-type': 'application/json' } : {}) },
    ...(changes ? { body: JSON.stringify(body ?? {}) } : {}),
  });
}

/** Asserts a refusal in our error format: the status, `X-Error-Code`, and a JSON `error` message. */
export function assertRefused(res: HttpResponse, status: number, code: string, what: string): void {
  assert.equal(res.status, status, `${what}: ${res.text}`);
  assert.equal(res.header('x-error-code'), code, what);
  if (res.text !== '') assert.equal(typeof (res.json() as { error?: unknown }).error, 'string', what);
}
