import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/index.js';
import { createStore, type RepoRecord, type Store } from '../../src/main/store/index.js';
import { tempDir } from './temp-dir.js';

export const ALICE = { name: 'Alice', email: 'alice@example.com' };

/** A store on a fresh database and data folder, removed when the calling test ends. */
export function tempStore(): Store {
  const dir = tempDir();
  return createStore({ db: openDatabase(join(dir, 'hub.db')), dataDir: dir });
}

/** A fresh store holding one empty model repo, alice/m1. */
export function storeWithRepo(): { store: Store; repo: RepoRecord } {
  const store = tempStore();
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author: ALICE });
  return { store, repo };
}
