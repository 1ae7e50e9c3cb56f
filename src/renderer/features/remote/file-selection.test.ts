import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RepoFile } from '../../../shared/app-api.js';
import { globToRegExp, selectByPatterns, selectionTotals, splitPatterns } from './file-selection.js';

const file = (path: string, size: number): RepoFile => ({ path, size, oid: '0', sha256: null, lfs: false });
const files = [file('config.json', 10), file('model.safetensors', 1000), file('onnx/model.onnx', 500), file('onnx/model_q4.onnx', 100)];

describe('file selection', () => {
  it('matches like fnmatch: * crosses folders, ? is one character, sets and folders work', () => {
    assert.ok(globToRegExp('*.onnx').test('onnx/model.onnx'));
    assert.ok(globToRegExp('model.?afetensors').test('model.safetensors'));
    assert.ok(globToRegExp('onnx/').test('onnx/model_q4.onnx'));
    assert.ok(globToRegExp('[cm]*.json').test('config.json'));
    assert.ok(!globToRegExp('[!c]*.json').test('config.json'));
    assert.ok(!globToRegExp('model.json').test('modelxjson'));
    assert.ok(globToRegExp('a[b').test('a[b'));
  });

  it('selects by several patterns and totals the choice', () => {
    const selection = selectByPatterns(files, splitPatterns('*.json, onnx/*_q4*'));
    assert.deepEqual(Object.keys(selection).sort(), ['config.json', 'onnx/model_q4.onnx']);
    assert.deepEqual(selectionTotals(files, selection), { files: 2, bytes: 110 });
    assert.deepEqual(selectionTotals(files, {}), { files: 0, bytes: 0 });
  });
});
