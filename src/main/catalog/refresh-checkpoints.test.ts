import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase } from '../db/index.js';
import { RefreshCheckpoints } from './refresh-checkpoints.js';

test('refresh checkpoints: spaced while any refresh runs, the connection’s own setting back after the last', () => {
  const db = openDatabase(join(tempDir(), 'catalog.db'));
  const pages = (): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const own = pages();
  const checkpoints = new RefreshCheckpoints(db);
  checkpoints.enter();
  checkpoints.enter();
  assert.ok(pages() > own, 'spaced during the refreshes');
  checkpoints.leave();
  assert.ok(pages() > own, 'one refresh still runs');
  checkpoints.leave();
  assert.equal(pages(), own);
  db.close();
});
