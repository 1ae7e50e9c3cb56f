// Both ends of a sync test: the in-process pull and push (the same Puller and Pusher the CLI and
// the jobs use) and the hub API's tree listing both sides are compared with.
import assert from 'node:assert/strict';
import { openPuller, openPusher, parsePullSpec, parsePushSpec, type PullCall, type PullResult, type PullSpecInput, type PushCall, type PushResult, type PushSpecInput } from '../../src/main/sync/index.js';
import { httpRequest } from './http-request.js';
import type { TestServer } from './start-server.js';

/** Pulls into a running local hub (repo alice/m1 unless given). */
export async function pullInto(local: TestServer, input: Omit<PullSpecInput, 'repo'> & { repo?: string }, call: PullCall = {}): Promise<PullResult> {
  const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.puller.pull(parsePullSpec({ repo: 'alice/m1', ...input }), call);
  } finally {
    await opened.close();
  }
}

/** Pushes from a running local hub (repo alice/m1 unless given). */
export async function pushFrom(local: TestServer, input: Omit<PushSpecInput, 'repo'> & { repo?: string }, call: PushCall = {}): Promise<PushResult> {
  const opened = openPusher({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.pusher.push(parsePushSpec({ repo: 'alice/m1', ...input }), call);
  } finally {
    await opened.close();
  }
}

/** One entry of a tree listing, without lastCommit. */
export interface ListedEntry {
  readonly type: string;
  readonly path: string;
  readonly oid: string;
  readonly size: number;
  readonly lfs?: unknown;
}

/** The hub API's recursive tree listing of main (folders with their tree oids). */
export async function apiTree(server: TestServer, repo = 'alice/m1', token = server.token): Promise<ListedEntry[]> {
  const response = await httpRequest(`${server.url}/api/models/${repo}/tree/main?recursive=true`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, response.text);
  return (response.json() as ListedEntry[]).map(({ type, path, oid, size, lfs }) => ({ type, path, oid, size, ...(lfs === undefined ? {} : { lfs }) }));
}
