import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPathFilter, fnmatchRegExp } from './file-patterns.js';

test('patterns follow Python fnmatch: * crosses folders, ? is one character, [] sets', () => {
  const matches = (pattern: string, path: string) => fnmatchRegExp(pattern).test(path);
  assert.ok(matches('*.safetensors', 'model.safetensors'));
  assert.ok(matches('*.safetensors', 'sub/dir/model.safetensors'), '* matches "/" as in fnmatch');
  assert.ok(!matches('*.safetensors', 'model.safetensors.index.json'));
  assert.ok(matches('model-0000?-of-00002.bin', 'model-00001-of-00002.bin'));
  assert.ok(matches('[!a]*.txt', 'b.txt'));
  assert.ok(!matches('[!a]*.txt', 'a.txt'));
  assert.ok(matches('onnx/', 'onnx/model.onnx'), 'a folder pattern matches what is below it');
  assert.ok(matches('a+b(1).json', 'a+b(1).json'), 'regex characters are literal');
  assert.ok(!matches('config.json', 'sub/config.json'));
});

test('allow patterns select, ignore patterns then remove', () => {
  const filter = createPathFilter({ allowPatterns: ['*.json', '*.md'], ignorePatterns: ['*tokenizer*'] });
  const paths = ['config.json', 'tokenizer.json', 'README.md', 'model.bin'];
  assert.deepEqual(paths.filter(filter), ['config.json', 'README.md']);
  assert.deepEqual(paths.filter(createPathFilter({})), paths);
});
