import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { commitBody } from './push-commit-body.js';

async function sentOids(operations: Parameters<typeof commitBody>[1]): Promise<Map<string, string | undefined>> {
  const oids = new Map<string, string | undefined>();
  for await (const chunk of commitBody({ summary: 's', description: '', parentCommit: 'p' }, operations, (_bytes, path, oid) => oids.set(path, oid))) void chunk;
  return oids;
}

describe('commitBody: the git blob oid of a regular file computed as it is sent', () => {
  it('equals what git hash-object says, for content in memory and in a file larger than one read', async () => {
    const dir = tempDir();
    const big = Buffer.alloc(3 * 256 * 1024 + 1234, 'x');
    const file = join(dir, 'big.bin');
    writeFileSync(file, big);
    const small = Buffer.from('{"a": 1}\n');
    const oids = await sentOids([
      { kind: 'file', path: 'small.json', content: { data: small }, hashGitOid: true },
      { kind: 'file', path: 'big.bin', content: { file }, hashGitOid: true },
    ]);
    assert.equal(oids.get('small.json'), execFileSync('git', ['hash-object', '--stdin'], { input: small, encoding: 'utf8' }).trim());
    assert.equal(oids.get('big.bin'), execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim());
  });
});
