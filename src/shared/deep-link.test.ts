import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDeepLink, includeGlobProblem, parseDeepLink, type DeepLink } from './deep-link.js';

const accepted: [string, DeepLink][] = [
  ['hubkeeper://repo/models/org/name', { action: 'open-repo', type: 'model', repo: 'org/name', revision: undefined }],
  ['hubkeeper://repo/datasets/org/data.set?revision=dev', { action: 'open-repo', type: 'dataset', repo: 'org/data.set', revision: 'dev' }],
  ['HubKeeper://repo/spaces/org/app/', { action: 'open-repo', type: 'space', repo: 'org/app', revision: undefined }],
  ['hubkeeper://repo/models/org/name?revision=refs%2Fpr%2F3', { action: 'open-repo', type: 'model', repo: 'org/name', revision: 'refs/pr/3' }],
  [
    `hubkeeper://repo/models/org/name?revision=${'a'.repeat(40)}`,
    { action: 'open-repo', type: 'model', repo: 'org/name', revision: 'a'.repeat(40) },
  ],
  ['hubkeeper://download/org/name', { action: 'download', type: 'model', repo: 'org/name', revision: undefined, include: [] }],
  [
    'hubkeeper://download/org/name?revision=v1.0&include=*.safetensors&include=tokenizer/*.json&repo-type=model',
    { action: 'download', type: 'model', repo: 'org/name', revision: 'v1.0', include: ['*.safetensors', 'tokenizer/*.json'] },
  ],
  [
    'hubkeeper://download/org/set?repo-type=dataset&include=data%2Ftrain-%5B0-9%5D*.parquet',
    { action: 'download', type: 'dataset', repo: 'org/set', revision: undefined, include: ['data/train-[0-9]*.parquet'] },
  ],
  ['hubkeeper://download/org/set?repo-type=datasets', { action: 'download', type: 'dataset', repo: 'org/set', revision: undefined, include: [] }],
  ['hubkeeper://download/org/name?include={a,b}.bin', { action: 'download', type: 'model', repo: 'org/name', revision: undefined, include: ['{a,b}.bin'] }],
  ['hubkeeper://remote/hf/org/name', { action: 'open-remote', hub: 'hf', type: 'model', repo: 'org/name', revision: undefined }],
  [
    'hubkeeper://remote/my-hub.local/org/name?repo-type=space&revision=main',
    { action: 'open-remote', hub: 'my-hub.local', type: 'space', repo: 'org/name', revision: 'main' },
  ],
];

const rejected: [string, RegExp][] = [
  ['', /not a hubkeeper:\/\/ link/],
  ['https://huggingface.co/org/name', /not a hubkeeper:\/\/ link/],
  ['hubkeeper:repo/models/org/name', /not a hubkeeper:\/\/ link/],
  ['hubkeeper://', /empty/],
  ['hubkeeper://delete/models/org/name', /unknown action "delete"/],
  ['hubkeeper://run/org/name', /unknown action "run"/],
  ['hubkeeper://repo/org/name', /expected hubkeeper:\/\/repo\/<models/],
  ['hubkeeper://repo/models/org', /"org\/name"/],
  ['hubkeeper://repo/models/org/name/extra', /"org\/name"/],
  ['hubkeeper://repo/models/../etc/passwd', /"\.\."/],
  ['hubkeeper://repo/models/org/%2e%2e', /"\.\."/],
  ['hubkeeper://repo/models/org%2Fname/x', /must not hold "\/"/],
  ['hubkeeper://repo/models/org/na%5Cme', /must not hold "\/" or "\\"/],
  ['hubkeeper://repo/models//org/name', /empty/],
  ['hubkeeper://repo/models/org/name%00', /control characters/],
  ['hubkeeper://repo/models/org/name%zz', /percent-encoding/],
  ['hubkeeper://repo/models/org/na me', /spaces/],
  ['hubkeeper://repo/models/-org/name', /Invalid namespace/],
  ['hubkeeper://repo/models/api/name', /reserved/],
  ['hubkeeper://repo/models/org/name.git', /\.git/],
  ['hubkeeper://repo/models/org/a--b', /--/],
  ['hubkeeper://repo/models/org/name#frag', /fragment/],
  ['hubkeeper://repo/models/org/name?revision=../../x', /revision/],
  ['hubkeeper://repo/models/org/name?revision=a&revision=b', /more than once/],
  ['hubkeeper://repo/models/org/name?include=*', /unknown parameter "include"/],
  ['hubkeeper://repo/models/org/name?token=hf_x', /unknown parameter "token"/],
  ['hubkeeper://download/org/name?repo-type=kernel', /unknown repo type/],
  ['hubkeeper://download/org/name?include=../secret', /include "\.\.\/secret"/],
  ['hubkeeper://download/org/name?include=%2Fetc%2Fpasswd', /relative path/],
  ['hubkeeper://download/org/name?include=a%5Cb', /relative path/],
  ['hubkeeper://download/org/name?include=*.[bin', /unbalanced/],
  ['hubkeeper://download/org/name?include={a,{b,c}}', /nested/],
  ['hubkeeper://download/org/name?include=a]', /unbalanced/],
  ['hubkeeper://download/org/name?include=a//b', /empty/],
  [`hubkeeper://download/org/name?${Array.from({ length: 65 }, (_, i) => `include=f${i}`).join('&')}`, /at most 64/],
  ['hubkeeper://download/org/name/x', /"org\/name"/],
  ['hubkeeper://remote/org/name', /"org\/name"/],
  ['hubkeeper://remote/.hub/org/name', /hub id/],
  ['hubkeeper://remote/%2E%2E/org/name', /"\.\."/],
  [`hubkeeper://repo/models/org/${'n'.repeat(5000)}`, /at most 4096/],
];

describe('parseDeepLink', () => {
  for (const [url, link] of accepted) {
    it(`accepts ${url.slice(0, 90)}`, () => assert.deepEqual(parseDeepLink(url), { ok: true, link }));
  }
  for (const [url, problem] of rejected) {
    it(`refuses ${url.slice(0, 90) || '(empty)'}`, () => {
      const result = parseDeepLink(url);
      assert.equal(result.ok, false, JSON.stringify(result));
      if (!result.ok) assert.match(result.problem, problem);
    });
  }

  it('never throws and never accepts a path escape, whatever bytes it is given', () => {
    // A fixed pseudo-random walk over characters that matter to URLs, globs and paths.
    const alphabet = ['/', '.', '..', '%2e', '%2F', '%5C', '?', '&', '=', '#', '%', '%00', 'a', 'Z', '-', '_', '*', '[', ']', '{', '}', ' ', '+', 'repo', 'download', 'remote', 'models', 'include='];
    let seed = 17;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      let url = ['hubkeeper://repo/models/', 'hubkeeper://download/', 'hubkeeper://remote/hf/'][next() % 3] as string;
      for (let n = next() % 12; n > 0; n--) url += alphabet[next() % alphabet.length];
      const result = parseDeepLink(url);
      if (!result.ok) continue;
      const { link } = result;
      const names = [...link.repo.split('/'), ...(link.action === 'download' ? link.include.flatMap((glob) => glob.split('/')) : [])];
      assert.ok(!names.some((name) => name === '..' || name === '.' || name === ''), url);
      assert.ok(!link.repo.includes('\\'), url);
    }
  });

  it('reads back what formatDeepLink writes', () => {
    for (const [, link] of accepted) assert.deepEqual(parseDeepLink(formatDeepLink(link)), { ok: true, link });
  });
});

describe('includeGlobProblem', () => {
  it('takes the usual allow-pattern globs', () => {
    for (const glob of ['*.safetensors', '**/*.json', 'model-0000[1-9]-of-*.bin', 'onnx/{model,decoder}.onnx', 'README.md']) {
      assert.equal(includeGlobProblem(glob), undefined, glob);
    }
  });
});
