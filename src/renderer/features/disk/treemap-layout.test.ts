import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiskRepo } from '../../../shared/app-api.js';
import { layoutTreemap } from './treemap-layout.js';

const repo = (id: string, size: number, revisions: Array<[string, number]> = []): DiskRepo => ({
  source: 'cache',
  type: 'model',
  id,
  sizeOnDisk: size,
  revisions: revisions.map(([commit, bytes]) => ({ commit, refs: [], sizeOnDisk: bytes })),
});

describe('layoutTreemap', () => {
  it('gives each repo an area in proportion to its size, split between its revisions', () => {
    const cells = layoutTreemap([repo('big', 300, [['a', 200], ['b', 200]]), repo('small', 100)], 400, 100);
    assert.equal(cells.length, 3);
    const area = (cell: { width: number; height: number }): number => cell.width * cell.height;
    const bigArea = cells.filter((cell) => cell.repo === 'big').reduce((sum, cell) => sum + area(cell), 0);
    const smallArea = cells.filter((cell) => cell.repo === 'small').reduce((sum, cell) => sum + area(cell), 0);
    assert.ok(bigArea / smallArea > 2.5 && bigArea / smallArea < 3.5, `${bigArea} vs ${smallArea}`);
    assert.deepEqual(cells.filter((cell) => cell.repo === 'big').map((cell) => cell.bytes), [150, 150]);
    for (const cell of cells) {
      assert.ok(cell.x >= 0 && cell.y >= 0 && cell.x + cell.width <= 400 && cell.y + cell.height <= 100);
    }
  });

  it('leaves out empty repos and copes with nothing at all', () => {
    assert.deepEqual(layoutTreemap([repo('empty', 0)], 100, 100), []);
    assert.deepEqual(layoutTreemap([], 100, 100), []);
  });
});
