import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appError } from '../../../test/helpers/app-error.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createSettingsTable, openDatabase } from '../db/index.js';
import { ModelFolderSettings } from './model-folder-settings.js';

function open(t: { after(fn: () => void): void }, file = join(tempDir(), 'hub.db')): { folders: ModelFolderSettings; file: string } {
  const db = openDatabase(file);
  t.after(() => db.close());
  return { folders: new ModelFolderSettings(createSettingsTable(db), Date.now), file };
}

describe('ModelFolderSettings', () => {
  it('keeps the folders (normalised, without duplicates) and the imports for the next start', (t) => {
    const { folders, file } = open(t);
    assert.deepEqual(folders.roots(), []);
    assert.deepEqual(folders.setRoots(['/home/me/models/', '/home/me/models', ' /data/llm ']), ['/home/me/models', '/data/llm']);
    folders.recordImport('/home/me/models/bert', { repoType: 'model', repo: 'me/bert' });
    const again = open(t, file).folders;
    assert.deepEqual(again.roots(), ['/home/me/models', '/data/llm']);
    assert.deepEqual(again.importOf('/home/me/models/bert'), { repoType: 'model', repo: 'me/bert' });
    assert.equal(again.importOf('/home/me/models/gpt2'), undefined);
  });

  it('refuses a bad list with InvalidSetting and keeps the old one', (t) => {
    const { folders } = open(t);
    folders.setRoots(['/models']);
    for (const bad of ['/models', ['relative/path'], [''], [42], ['/a\0b'], Array.from({ length: 33 }, (_, i) => `/m${i}`)]) {
      assert.equal(appError(() => folders.setRoots(bad)).code, 'InvalidSetting', JSON.stringify(bad));
    }
    assert.deepEqual(folders.roots(), ['/models']);
  });
});
