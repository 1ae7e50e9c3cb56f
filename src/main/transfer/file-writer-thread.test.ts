import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { FileWriterThread } from './file-writer-thread.js';

test('the writer thread puts many files in place and links them, in folders it makes', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'blobs'));
  const writer = new FileWriterThread();
  try {
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        writer.place({
          data: Buffer.from(`file ${i}`),
          incompletePath: join(root, 'blobs', `b${i}.incomplete`),
          targetPath: join(root, 'blobs', `b${i}`),
          link: { path: join(root, 'snap', `d${i % 3}`, `f${i}`), target: `../../blobs/b${i}` },
        }),
      ),
    );
    assert.deepEqual(outcomes, Array.from({ length: 200 }, () => undefined));
    assert.equal(readdirSync(join(root, 'blobs')).length, 200, 'no .incomplete file is left');
    assert.equal(readFileSync(join(root, 'snap', 'd1', 'f7'), 'utf8'), 'file 7', 'the link resolves to the blob');
    assert.equal(readlinkSync(join(root, 'snap', 'd1', 'f7')), '../../blobs/b7');
  } finally {
    await writer.close();
  }
});

test('a file that cannot be written is reported with its system error and leaves nothing behind; a link in the way is reported apart', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'blobs'));
  writeFileSync(join(root, 'taken'), 'someone else');
  const writer = new FileWriterThread();
  try {
    const unwritable = await writer.place({
      data: Buffer.from('x'),
      incompletePath: join(root, 'missing-dir', 'a.incomplete'),
      targetPath: join(root, 'missing-dir', 'a'),
    });
    assert.equal(unwritable?.stage, 'write');
    assert.equal(unwritable?.code, 'ENOENT');

    const unlinked = await writer.place({
      data: Buffer.from('y'),
      incompletePath: join(root, 'blobs', 'b.incomplete'),
      targetPath: join(root, 'blobs', 'b'),
      link: { path: join(root, 'taken'), target: 'blobs/b' },
    });
    assert.equal(unlinked?.stage, 'link');
    assert.equal(unlinked?.code, 'EEXIST');
    assert.equal(readFileSync(join(root, 'blobs', 'b'), 'utf8'), 'y', 'the file itself was written');
    assert.equal(readFileSync(join(root, 'taken'), 'utf8'), 'someone else', 'what was there is untouched');
    assert.deepEqual(readdirSync(join(root, 'blobs')), ['b']);
  } finally {
    await writer.close();
  }
});
