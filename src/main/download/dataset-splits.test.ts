import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetConfigs, datasetSplitFiles } from './dataset-splits.js';

const card = (yaml: string): string => `---\n${yaml}\n---\n# My dataset\n`;

describe('datasetConfigs from the card', () => {
  it('reads configs with split/path lists, data_dir and the default flag', () => {
    const files = ['README.md', 'data/train-00000.parquet', 'data/train-00001.parquet', 'data/test-00000.parquet', 'fr/train.csv', 'fr/valid.csv', 'fr/notes.md'];
    const readme = card(`configs:
- config_name: en
  data_files:
  - split: train
    path: data/train-*
  - split: test
    path: [data/test-*]
- config_name: fr
  data_dir: fr
  default: true`);
    const configs = datasetConfigs(files, readme);
    assert.deepEqual(
      configs.map((c) => [c.name, c.default, c.source, c.splits.map((s) => [s.name, s.files])]),
      [
        ['en', false, 'card', [['train', ['data/train-00000.parquet', 'data/train-00001.parquet']], ['test', ['data/test-00000.parquet']]]],
        ['fr', true, 'card', [['train', ['fr/train.csv']], ['validation', ['fr/valid.csv']]]],
      ],
    );
    assert.deepEqual(datasetSplitFiles(files, readme, { split: 'validation' }), ['fr/valid.csv']);
    assert.deepEqual(datasetSplitFiles(files, readme, { config: 'en', split: 'test' }), ['data/test-00000.parquet']);
    assert.throws(() => datasetSplitFiles(files, readme, { config: 'de', split: 'train' }), /No config "de"; the dataset has en, fr/);
    assert.throws(() => datasetSplitFiles(files, readme, { config: 'en', split: 'dev' }), /has no split "dev"; it has train, test/);
  });

  it('falls back to the file layout when the card\'s YAML does not parse', () => {
    const configs = datasetConfigs(['data/train.csv', 'data/test.csv'], card('configs:\n- config_name: en\n  data_files: [unclosed'));
    assert.deepEqual(configs.map((c) => [c.name, c.source, c.splits.map((s) => [s.name, s.files])]), [['default', 'layout', [['train', ['data/train.csv']], ['test', ['data/test.csv']]]]]);
  });

  it('accepts data_files as a string, a list of strings, or a split mapping', () => {
    const files = ['a.csv', 'b.csv', 'x/1.jsonl', 'x/2.jsonl', '.hidden/c.csv'];
    const readme = card(`configs:
- config_name: one
  data_files: "*.csv"
- config_name: many
  data_files: ["a.csv", "x/*.jsonl"]
- config_name: mapped
  data_files:
    train: x/1.jsonl
    test: [x/2.jsonl]`);
    const configs = datasetConfigs(files, readme);
    assert.deepEqual(configs.map((c) => [c.name, c.default, c.splits.map((s) => [s.name, s.files])]), [
      ['one', false, [['train', ['a.csv', 'b.csv']]]],
      ['many', false, [['train', ['a.csv', 'x/1.jsonl', 'x/2.jsonl']]]],
      ['mapped', false, [['train', ['x/1.jsonl']], ['test', ['x/2.jsonl']]]],
    ]);
  });
});

describe('datasetConfigs from the standard layouts', () => {
  const splitsOf = (files: string[]): unknown => datasetConfigs(files)[0]?.splits.map((s) => [s.name, s.files]);

  it('uses sharded data/{split}-NNNNN-of-NNNNN names, standard splits first', () => {
    assert.deepEqual(splitsOf(['README.md', 'data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet', 'data/extra-00000-of-00001.parquet', 'data/validation-00000-of-00001.parquet']), [
      ['train', ['data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet']],
      ['validation', ['data/validation-00000-of-00001.parquet']],
      ['extra', ['data/extra-00000-of-00001.parquet']],
    ]);
  });

  it('finds split keywords in folder names, then in file names', () => {
    assert.deepEqual(splitsOf(['train/a.jsonl', 'train/b.jsonl', 'dev/c.jsonl', 'data/test_v2/d.jsonl']), [
      ['train', ['train/a.jsonl', 'train/b.jsonl']],
      ['validation', ['dev/c.jsonl']],
      ['test', ['data/test_v2/d.jsonl']],
    ]);
    assert.deepEqual(splitsOf(['data/train.csv', 'data/my-eval-1.csv', 'trainer.csv', 'README.md']), [
      ['train', ['data/train.csv']],
      ['test', ['data/my-eval-1.csv']],
    ]);
  });

  it('falls back to one train split of the main data format, skipping hidden, __ and non-data files', () => {
    assert.deepEqual(splitsOf(['a.parquet', 'b.parquet', 'c.csv', 'notes.md', '.cache/x.parquet', '__pycache__/y.parquet', 'config.json']), [['train', ['a.parquet', 'b.parquet']]]);
    assert.deepEqual(splitsOf(['images/1.png', 'images/2.jpg', 'metadata.csv']), [['train', ['images/1.png', 'images/2.jpg', 'metadata.csv']]]);
    assert.deepEqual(splitsOf(['README.md']), []);
  });
});
