import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardFields, readFrontMatter } from './card-data.js';

test('reads the YAML block at the top of a README', () => {
  const result = readFrontMatter('---\nlicense: mit\ntags:\n  - text\nlibrary_name: transformers\npipeline_tag: fill-mask\n---\n# Model\n');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.data, { license: 'mit', tags: ['text'], library_name: 'transformers', pipeline_tag: 'fill-mask' });
  assert.deepEqual(cardFields(result.data), {
    cardData: result.data,
    tags: ['text', 'transformers', 'license:mit'],
    pipelineTag: 'fill-mask',
    libraryName: 'transformers',
  });
});

test('a README without a block, or with an empty one, has no errors', () => {
  assert.deepEqual(readFrontMatter('# Just a title\n---\nnot: metadata\n'), { data: undefined, errors: [], warnings: [] });
  assert.deepEqual(readFrontMatter('---\n---\nbody').data, {});
  assert.deepEqual(readFrontMatter('\uFEFF---\r\na: 1\r\n---\r\n').data, { a: 1 });
});

test('invalid YAML, duplicate keys and non-mappings are errors; odd field types are warnings', () => {
  assert.match(readFrontMatter('---\nlicense: [mit\ntags: x\n---\n').errors[0] ?? '', /Flow sequence|indented/);
  assert.match(readFrontMatter('---\na: 1\na: 2\n---\n').errors[0] ?? '', /unique/);
  assert.deepEqual(readFrontMatter('---\n- a\n- b\n---\n').errors, ['The YAML metadata must be a mapping of keys to values']);
  assert.deepEqual(readFrontMatter('---\ntags: 3\nlibrary_name: [a]\n---\n').warnings, [
    '"tags" should be a string or a list of strings',
    '"library_name" should be a string',
  ]);
});
