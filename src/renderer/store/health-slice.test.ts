import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import type { ApiClient, Health } from '../api/api-client.js';
import { testDeps } from '../test-support/fake-deps.js';
import { createAppStore } from './app-store.js';

interface Pending {
  readonly resolve: (health: Health) => void;
  readonly reject: (error: unknown) => void;
}

/** An API whose answers the test releases one by one, in any order. */
function controllableApi(): { api: Pick<ApiClient, 'getHealth'>; pending: Pending[] } {
  const pending: Pending[] = [];
  return {
    pending,
    api: {
      getHealth: (signal) =>
        new Promise<Health>((resolve, reject) => {
          pending.push({ resolve, reject });
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    },
  };
}

const now = (): number => 1_700_000_000_000;
const deps = (api: Pick<ApiClient, 'getHealth'>) => ({ ...testDeps(api), now });

describe('health slice', () => {
  it('starts idle and shows the core’s answer with the time it was checked', async () => {
    const store = createAppStore(deps({ getHealth: () => Promise.resolve({ status: 'ok', version: '0.1.0' }) }));
    assert.deepEqual(store.getState().health, { phase: 'idle' });
    await store.getState().refreshHealth();
    assert.deepEqual(store.getState().health, { phase: 'ready', health: { status: 'ok', version: '0.1.0' }, checkedAt: now() });
    assert.equal(store.getState().healthChecking, false);
  });

  it('shows the core’s own error message', async () => {
    const store = createAppStore(deps({ getHealth: () => Promise.reject(new AppError('Internal', 'database is locked')) }));
    await store.getState().refreshHealth();
    assert.deepEqual(store.getState().health, { phase: 'error', message: 'database is locked', checkedAt: now() });
  });

  it('says the core is unreachable when the request itself fails', async () => {
    const store = createAppStore(deps({ getHealth: () => Promise.reject(new TypeError('Failed to fetch')) }));
    await store.getState().refreshHealth();
    const view = store.getState().health;
    assert.equal(view.phase, 'error');
    assert.match(view.phase === 'error' ? view.message : '', /^Cannot reach the HubKeeper core \(Failed to fetch\)$/);
  });

  it('keeps the last answer on screen while a new check runs', async () => {
    const { api, pending } = controllableApi();
    const store = createAppStore(deps(api));
    const first = store.getState().refreshHealth();
    pending[0]?.resolve({ status: 'ok', version: '1' });
    await first;
    const second = store.getState().refreshHealth();
    assert.equal(store.getState().healthChecking, true);
    assert.equal(store.getState().health.phase, 'ready');
    pending[1]?.resolve({ status: 'ok', version: '2' });
    await second;
    assert.equal(store.getState().healthChecking, false);
  });

  it('never lets an older, slower answer overwrite a newer one', async () => {
    const { api, pending } = controllableApi();
    const store = createAppStore(deps(api));
    const older = store.getState().refreshHealth();
    const newer = store.getState().refreshHealth();
    pending[1]?.resolve({ status: 'ok', version: 'new' });
    await newer;
    pending[0]?.reject(new TypeError('Failed to fetch'));
    await older;
    const view = store.getState().health;
    assert.equal(view.phase === 'ready' ? view.health.version : view.phase, 'new');
  });

  it('leaves the state alone when the check is aborted', async () => {
    const { api } = controllableApi();
    const store = createAppStore(deps(api));
    const controller = new AbortController();
    const check = store.getState().refreshHealth(controller.signal);
    controller.abort();
    await check;
    assert.deepEqual(store.getState().health, { phase: 'idle' });
    assert.equal(store.getState().healthChecking, false);
  });
});
