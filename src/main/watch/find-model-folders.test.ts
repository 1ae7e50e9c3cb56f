import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { findModelFolders } from './find-model-folders.js';

function put(root: string, path: string, text = 'x'): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('findModelFolders', () => {
  it('finds model folders of every kind below a root, without entering them or hidden and system folders', async () => {
    const root = tempDir();
    put(root, 'llama/model.gguf');
    put(root, 'org/bert/config.json', '{}');
    put(root, 'org/bert/sub/model.safetensors');
    put(root, 'clones/gpt2/.git/HEAD', 'ref: refs/heads/main');
    put(root, 'local/qwen/.cache/huggingface/.gitignore', '*');
    put(root, 'local/qwen/model.safetensors');
    put(root, '.hidden/model/config.json', '{}');
    put(root, 'node_modules/pkg/config.json', '{}');
    put(root, 'notes/readme.txt');
    const found = await findModelFolders(root);
    assert.deepEqual(found, [
      { path: join(root, 'clones/gpt2'), kind: 'git' },
      { path: join(root, 'llama'), kind: 'gguf' },
      { path: join(root, 'local/qwen'), kind: 'hf-local-dir' },
      { path: join(root, 'org/bert'), kind: 'config' },
    ]);
  });

  it('stops at the depth asked for, and finds the root itself when it is a model folder', async () => {
    const root = tempDir();
    put(root, 'a/b/c/d/model.gguf');
    assert.deepEqual(await findModelFolders(root, { maxDepth: 3 }), []);
    assert.deepEqual(await findModelFolders(root, { maxDepth: 4 }), [{ path: join(root, 'a/b/c/d'), kind: 'gguf' }]);
    assert.deepEqual(await findModelFolders(join(root, 'a/b/c/d')), [{ path: join(root, 'a/b/c/d'), kind: 'gguf' }]);
  });

  it('follows a link to a folder once and survives a link loop', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    put(elsewhere, 'mistral/model.safetensors');
    symlinkSync(elsewhere, join(root, 'linked'));
    mkdirSync(join(root, 'loop'));
    symlinkSync(root, join(root, 'loop', 'back'));
    const found = await findModelFolders(root, { maxDepth: 10 });
    assert.deepEqual(found, [{ path: join(root, 'linked', 'mistral'), kind: 'safetensors' }]);
  });

  it('finds nothing in a folder that does not exist', async () => {
    assert.deepEqual(await findModelFolders(join(tempDir(), 'missing')), []);
  });
});
