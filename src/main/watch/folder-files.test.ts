import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appError } from '../../../test/helpers/app-error.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { listFolderFiles } from './folder-files.js';

function put(root: string, path: string, text = 'x'): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function rejection(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    return appError(() => {
      throw error;
    });
  }
  assert.fail('expected a rejection');
}

describe('listFolderFiles', () => {
  it('lists every file by repo path, skipping .git, the top-level .cache and unfinished downloads', async () => {
    const folder = tempDir();
    put(folder, 'config.json', '{}');
    put(folder, 'onnx/model.onnx', 'weights');
    put(folder, '.gitattributes', '*.onnx filter=lfs');
    put(folder, '.git/HEAD');
    put(folder, 'sub/.git/HEAD');
    put(folder, '.cache/huggingface/config.json.metadata');
    put(folder, 'sub/.cache/kept.txt');
    put(folder, 'model.safetensors.incomplete');
    const files = await listFolderFiles(folder);
    assert.deepEqual(files.map((file) => [file.path, file.size]), [
      ['.gitattributes', 17], ['config.json', 2], ['onnx/model.onnx', 7], ['sub/.cache/kept.txt', 1],
    ]);
  });

  it('follows links that stay inside the folder, once, and refuses one that leaves it', async () => {
    const folder = tempDir();
    put(folder, 'shards/a.bin', 'aaaa');
    symlinkSync(join(folder, 'shards', 'a.bin'), join(folder, 'latest.bin'));
    symlinkSync(folder, join(folder, 'shards', 'loop'));
    const files = await listFolderFiles(folder);
    assert.deepEqual(files.map((file) => file.path), ['latest.bin', 'shards/a.bin']);
    assert.equal(files[0]?.ino, files[1]?.ino, 'the link is read through to its file');

    const outside = tempDir();
    put(outside, 'secret.txt');
    symlinkSync(join(outside, 'secret.txt'), join(folder, 'leak.txt'));
    const refused = await rejection(() => listFolderFiles(folder));
    assert.equal(refused.code, 'BadRequest');
    assert.match(refused.message, /leak\.txt links to .*secret\.txt, outside/);
  });

  it('says clearly when the folder is missing or a file', async () => {
    const dir = tempDir();
    assert.equal((await rejection(() => listFolderFiles(join(dir, 'missing')))).code, 'NotFound');
    put(dir, 'file.txt');
    assert.match((await rejection(() => listFolderFiles(join(dir, 'file.txt')))).message, /is not a folder/);
  });
});
