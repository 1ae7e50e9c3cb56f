import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createTestRepo, headOf } from '../helpers/hub-write.js';
import { pythonWithHfHub } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const python = pythonWithHfHub();

/** Runs Python asynchronously: the server under test lives in this process and must keep answering. */
async function runPython(server: TestServer, code: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(python, ['-c', code], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      HF_ENDPOINT: server.url,
      HF_TOKEN: server.token,
      HF_HUB_DISABLE_XET: '1',
      HF_HUB_DISABLE_TELEMETRY: '1',
      HF_HUB_DISABLE_PROGRESS_BARS: '1',
      HF_HUB_CACHE: `${server.dataDir}/python-cache`,
    },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

const UPLOADS = `
import os, json
from huggingface_hub import HfApi, CommitOperationAdd, CommitOperationDelete, CommitOperationCopy
api = HfApi()
out = {}
api.upload_file(path_or_fileobj=b'{"a": 1}', path_in_repo='config.json', repo_id='alice/m1')
big = bytes(range(256)) * (11 * 4096)
out['big'] = api.upload_file(path_or_fileobj=big, path_in_repo='weights/model.bin', repo_id='alice/m1').oid
api.create_commit(repo_id='alice/m1', commit_message='more', operations=[
    CommitOperationAdd(path_in_repo='README.md', path_or_fileobj=b'---\\nlicense: mit\\n---\\n# m1\\n'),
    CommitOperationAdd(path_in_repo='logs/a.txt', path_or_fileobj=b'x'),
    CommitOperationCopy(src_path_in_repo='weights/model.bin', path_in_repo='copy/model.bin'),
    CommitOperationCopy(src_path_in_repo='config.json', path_in_repo='copy/config.json'),
])
api.create_commit(repo_id='alice/m1', commit_message='deletes', operations=[
    CommitOperationDelete(path_in_repo='logs/'),
    CommitOperationDelete(path_in_repo='config.json'),
])
api.create_branch('alice/m1', branch='dev')
api.create_branch('alice/m1', branch='dev', exist_ok=True)
api.create_tag('alice/m1', tag='v1', revision='dev')
api.delete_tag('alice/m1', tag='v1')
api.delete_branch('alice/m1', branch='dev')
out['unchanged'] = api.upload_file(path_or_fileobj=big, path_in_repo='weights/model.bin', repo_id='alice/m1').oid
print(json.dumps(out))
`;

describe('huggingface_hub (Python) against the write routes', () => {
  it('uploads, copies, deletes folders, manages refs, and skips unchanged files', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const out = await runPython(server, UPLOADS);
    const { store } = server.core;
    const head = headOf(server, repo);
    assert.equal(out.unchanged, head, 'an unchanged upload makes no commit');
    const paths = [...store.listTree(head, '', { recursive: true })].filter((entry) => entry.type === 'file').map((entry) => entry.path);
    assert.deepEqual(paths, ['.gitattributes', 'README.md', 'copy/config.json', 'copy/model.bin', 'weights/model.bin']);
    const original = store.getEntry(head, 'weights/model.bin');
    const copy = store.getEntry(head, 'copy/model.bin');
    assert.ok(original?.type === 'file' && original.lfs);
    assert.deepEqual(copy, { ...original, path: 'copy/model.bin' });
    assert.deepEqual(store.listRefs(repo.id), { branches: [{ name: 'main', commit: head }], tags: [] });
  });

  it('uploads through HF multipart when the server offers it', async (t) => {
    const server = await startServer(t, { overrides: { multipartThreshold: 4 * 1024 * 1024, multipartChunkSize: 4 * 1024 * 1024 } });
    const repo = createTestRepo(server);
    const out = await runPython(
      server,
      `
import json
from huggingface_hub import HfApi
data = bytes(range(256)) * (10 * 4096 + 7)
info = HfApi().upload_file(path_or_fileobj=data, path_in_repo='big.bin', repo_id='alice/m1')
print(json.dumps({'oid': info.oid, 'size': len(data)}))
`,
    );
    const entry = server.core.store.getEntry(headOf(server, repo), 'big.bin');
    assert.equal(out.oid, headOf(server, repo));
    assert.equal(entry?.type === 'file' ? entry.lfs?.size : undefined, out.size);
  });
});
