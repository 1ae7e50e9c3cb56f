import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFolder, isScannedFolderName, type ListedEntry } from './classify-folder.js';

const file = (path: string): ListedEntry => ({ path, isDirectory: false });
const dir = (path: string): ListedEntry => ({ path, isDirectory: true });

describe('classifyFolder', () => {
  it('names a git clone first, whatever else it holds', () => {
    assert.equal(classifyFolder([dir('.git'), file('config.json'), file('model.safetensors')]), 'git');
    // A worktree or submodule has a .git file, not a folder.
    assert.equal(classifyFolder([file('.git'), file('README.md')]), 'git');
  });

  it('names a huggingface_hub local dir by its .cache/huggingface folder', () => {
    assert.equal(classifyFolder([dir('.cache'), dir('.cache/huggingface'), file('model.safetensors')]), 'hf-local-dir');
    assert.equal(classifyFolder([dir('.cache'), dir('.cache/pip')]), undefined);
  });

  it('knows GGUF, safetensors (also a sharded index) and config.json folders', () => {
    assert.equal(classifyFolder([file('llama-7b.Q4_K_M.GGUF'), file('config.json')]), 'gguf');
    assert.equal(classifyFolder([file('model.safetensors'), file('config.json')]), 'safetensors');
    assert.equal(classifyFolder([file('model.safetensors.index.json')]), 'safetensors');
    assert.equal(classifyFolder([file('config.json'), file('pytorch_model.bin')]), 'config');
  });

  it('is not fooled by folders named like weights, or weights deeper down', () => {
    assert.equal(classifyFolder([dir('model.safetensors'), dir('config.json')]), undefined);
    assert.equal(classifyFolder([dir('sub'), file('sub/model.gguf')]), undefined);
    assert.equal(classifyFolder([file('notes.txt'), file('photo.jpg')]), undefined);
    assert.equal(classifyFolder([]), undefined);
  });
});

describe('isScannedFolderName', () => {
  it('skips hidden and system folders and enters the rest', () => {
    for (const name of ['.git', '.cache', '.Trash', 'node_modules', '__pycache__', 'lost+found', '$RECYCLE.BIN']) assert.equal(isScannedFolderName(name), false, name);
    for (const name of ['models', 'llama', 'Qwen2.5-7B']) assert.equal(isScannedFolderName(name), true, name);
  });
});
