import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MISSING_METADATA_WARNING, checkCardMetadata } from './card-metadata-check.js';

test('a card without metadata, or with an empty block, gets the Hub warning and no error', () => {
  assert.deepEqual(checkCardMetadata(undefined), { errors: [], warnings: [MISSING_METADATA_WARNING] });
  assert.deepEqual(checkCardMetadata({}), { errors: [], warnings: [MISSING_METADATA_WARNING] });
});

test('well-formed metadata passes: known or "other" licenses, a full model-index, dataset configs', () => {
  const ok = checkCardMetadata({
    license: 'Apache-2.0',
    tags: ['a', 'b'],
    language: 'en',
    base_model: 'org/base',
    base_model_relation: 'finetune',
    'model-index': [{ name: 'm', results: [{ task: { type: 'text-generation' }, dataset: { type: 'd', name: 'D' }, metrics: [{ type: 'acc', value: 0.5 }] }] }],
    configs: [{ config_name: 'default', data_files: 'train.csv' }],
  });
  assert.deepEqual(ok, { errors: [], warnings: [] });
  assert.deepEqual(checkCardMetadata({ license: 'other', license_name: 'mine', license_link: 'LICENSE' }).errors, []);
});

test('wrong values in known fields are errors, each naming its field', () => {
  const { errors } = checkCardMetadata({
    license: 'my-own',
    tags: 3,
    library_name: ['x'],
    base_model_relation: 'copy',
    'model-index': { name: 'm' },
    configs: [{ data_files: 'x' }],
  });
  assert.deepEqual(errors, [
    '"tags" must be a string or a list of strings',
    '"library_name" must be a string',
    '"license" must be a known license id or "other" (with license_name and license_link), not "my-own"',
    '"base_model_relation" must be one of adapter, merge, quantized, finetune',
    '"model-index" must be a list',
    '"configs" must be a list of mappings, each with a "config_name"',
  ]);
  assert.deepEqual(checkCardMetadata({ 'model-index': [{ name: 'm', results: [{ task: 'x', metrics: [{ type: 'acc' }] }] }] }).errors, [
    '"model-index[0]".results[0].task.type must be a string',
    '"model-index[0]".results[0].metrics must be a list of mappings with "type" and "value"',
  ]);
});
