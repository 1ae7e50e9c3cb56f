import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FolderImportResult, ModelFolderList, ModelFolderRoots } from '../../src/shared/model-folders.js';
import { startServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

function modelsRoot(): { root: string; bert: string } {
  const root = tempDir();
  const bert = join(root, 'bert');
  mkdirSync(bert);
  writeFileSync(join(bert, 'config.json'), '{"model_type":"bert"}');
  writeFileSync(join(bert, 'model.safetensors'), Buffer.alloc(300 * 1024, 7));
  mkdirSync(join(root, 'notes'));
  writeFileSync(join(root, 'notes', 'todo.txt'), 'x');
  return { root, bert };
}

describe('model folders in the app API', () => {
  it('lists the model folders of the roots added in Settings with their import status, and imports and updates them', async (t) => {
    const server = await startServer(t);
    const owner = await ownerSession(server);
    const { root, bert } = modelsRoot();

    assertRefused(await appRequest(server, owner, 'PUT', '/settings/model-folders', { folders: ['relative/models'] }), 400, 'InvalidSetting', 'a relative path');
    const saved = await appRequest(server, owner, 'PUT', '/settings/model-folders', { folders: [root, root] });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual((saved.json() as ModelFolderRoots).folders, [root]);
    assert.deepEqual((await appRequest(server, owner, 'GET', '/settings/model-folders')).json(), { folders: [root] });

    const list = async (): Promise<ModelFolderList> => {
      const res = await appRequest(server, owner, 'GET', '/model-folders');
      assert.equal(res.status, 200, res.text);
      return res.json() as ModelFolderList;
    };
    assert.deepEqual((await list()).folders, [{ path: bert, root, kind: 'safetensors', suggestedRepo: 'alice/bert', status: { state: 'not-imported' } }]);

    assertRefused(await appRequest(server, owner, 'POST', '/model-folders/import', { path: bert }), 400, 'BadRequest', 'no repo named for a first import');
    const first = await appRequest(server, owner, 'POST', '/model-folders/import', { path: bert, repo: 'alice/bert' });
    assert.equal(first.status, 200, first.text);
    const imported = first.json() as FolderImportResult;
    assert.equal(imported.created, true);
    assert.deepEqual((await list()).folders[0]?.status, { state: 'imported', repo: 'alice/bert', repoType: 'model', commit: imported.commit });

    writeFileSync(join(bert, 'config.json'), '{"model_type":"bert","layers":12}');
    const changed = (await list()).folders[0]?.status;
    assert.equal(changed?.state, 'changed');
    assert.deepEqual(changed?.state === 'changed' ? changed.diff.modified : undefined, [{ path: 'config.json', size: 33 }]);

    const second = await appRequest(server, owner, 'POST', '/model-folders/import', { path: bert });
    assert.equal(second.status, 200, second.text);
    const update = second.json() as FolderImportResult;
    assert.equal(update.parent, imported.commit);
    assert.deepEqual(update.diff.modified.map((file) => file.path), ['config.json']);
    assert.deepEqual((await list()).folders[0]?.status, { state: 'imported', repo: 'alice/bert', repoType: 'model', commit: update.commit });
    assert.equal(server.core.store.readTextFile(update.commit ?? '', 'config.json'), '{"model_type":"bert","layers":12}');
  });

  it('imports nothing from outside the added folders', async (t) => {
    const server = await startServer(t);
    const owner = await ownerSession(server);
    const { root } = modelsRoot();
    const elsewhere = modelsRoot();
    await appRequest(server, owner, 'PUT', '/settings/model-folders', { folders: [root] });
    assertRefused(await appRequest(server, owner, 'POST', '/model-folders/import', { path: elsewhere.bert, repo: 'alice/x' }), 403, 'Forbidden', 'a folder outside');
    assertRefused(await appRequest(server, owner, 'POST', '/model-folders/import', { path: join(root, 'missing'), repo: 'alice/x' }), 404, 'NotFound', 'a missing folder');
    assertRefused(await appRequest(server, owner, 'POST', '/model-folders/import', { path: 'bert', repo: 'alice/x' }), 400, 'BadRequest', 'a relative path');
    assert.deepEqual(server.core.store.listRepos(), []);
  });

  it('refuses anonymous callers and another user, and lets a read-token session only look', async (t) => {
    const server = await startServer(t);
    const { root, bert } = modelsRoot();
    await appRequest(server, await ownerSession(server), 'PUT', '/settings/model-folders', { folders: [root] });
    server.core.accounts.createUser('bob');
    const bob = await tokenSession(server, server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    server.core.accounts.setAdmin(server.user, true);
    const reader = await tokenSession(server, server.core.accounts.createToken(server.user, { role: 'read', displayName: 'read only' }));
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/settings/model-folders', undefined],
      ['PUT', '/settings/model-folders', { folders: ['/'] }],
      ['GET', '/model-folders', undefined],
      ['POST', '/model-folders/import', { path: bert, repo: 'alice/bert' }],
    ];
    for (const [method, path, body] of routes) {
      assertRefused(await appRequest(server, undefined, method, path, body), 401, 'Unauthorized', `anonymous ${method} ${path}`);
      assertRefused(await appRequest(server, bob, method, path, body), 403, 'Forbidden', `bob ${method} ${path}`);
      if (method === 'GET') assert.equal((await appRequest(server, reader, method, path)).status, 200, `a read session may look: ${path}`);
      else assertRefused(await appRequest(server, reader, method, path, body), 403, 'Forbidden', `read token ${method} ${path}`);
    }
    assert.deepEqual(server.core.store.listRepos(), [], 'nothing was imported');
    const roots = await appRequest(server, await ownerSession(server), 'GET', '/settings/model-folders');
    assert.deepEqual(roots.json(), { folders: [root] }, 'the folders were not changed');
  });
});
