import { randomBytes } from 'node:crypto';
import type { RepoType } from '../../../src/shared/repo-id.js';
import type { Store } from '../../../src/main/store/index.js';
import { AUTHOR, bytes } from './ui-server.js';

export const MODEL_CARD = `---
license: apache-2.0
tags:
  - text-generation
  - en
library_name: transformers
---
# Tiny model

A small model for **end-to-end** tests.

| Metric | Value |
| ------ | ----- |
| accuracy | 0.91 |

- [x] trained
- [ ] evaluated

<script>window.hacked = true</script><b class="raw-html">raw html</b>

\`\`\`python
from transformers import AutoModel
\`\`\`
`;

export interface SeededRepo {
  readonly id: number;
  readonly fullName: string;
}

type FileOperations = Parameters<Store['commit']>[0]['operations'];

/** A repo holding `operations` in one commit on main (by the fixture author). */
export async function seedRepo(
  store: Store,
  repo: { readonly type: RepoType; readonly namespace: string; readonly name: string },
  title: string,
  operations: FileOperations,
): Promise<SeededRepo> {
  const created = store.createRepo({ ...repo, author: AUTHOR });
  await store.commit({ repoId: created.id, branch: 'main', title, author: AUTHOR, operations });
  return { id: created.id, fullName: created.fullName };
}

/** alice/tiny-model: a card, nested LFS shards and a dev branch that changes config and adds a file. */
export async function seedTinyModel(store: Store): Promise<SeededRepo> {
  const repo = await seedRepo(store, { type: 'model', namespace: 'alice', name: 'tiny-model' }, 'Add model card, config and weights', [
      { type: 'add', path: 'README.md', content: bytes(MODEL_CARD) },
      { type: 'add', path: 'config.json', content: bytes('{"hidden_size": 64}\n') },
      { type: 'add', path: 'tokenizer/tokenizer.json', content: bytes('{"vocab": {}}\n') },
      { type: 'add', path: 'weights/shards/model-00001-of-00002.safetensors', content: { data: randomBytes(3 * 1024 * 1024) }, lfs: 'always' },
    { type: 'add', path: 'weights/shards/model-00002-of-00002.safetensors', content: { data: randomBytes(1024 * 1024) }, lfs: 'always' },
  ]);
  store.createBranch(repo.id, 'dev');
  await store.commit({
    repoId: repo.id,
    branch: 'dev',
    title: 'Wider hidden layer',
    author: AUTHOR,
    operations: [
      { type: 'add', path: 'config.json', content: bytes('{"hidden_size": 128}\n') },
      { type: 'add', path: 'generation_config.json', content: bytes('{"max_length": 64}\n') },
    ],
  });
  store.createTag(repo.id, 'v1.0', 'main');
  return repo;
}

/** More repos so the library looks like a real one. */
export async function seedLibrary(store: Store, repos: ReadonlyArray<{ type: RepoType; namespace: string; name: string; size: number }>): Promise<void> {
  for (const spec of repos) {
    const repo = store.createRepo({ ...spec, author: AUTHOR });
    await store.commit({
      repoId: repo.id,
      branch: 'main',
      title: 'Upload',
      author: AUTHOR,
      operations: [{ type: 'add', path: spec.type === 'dataset' ? 'data/train.parquet' : 'model.safetensors', content: { data: randomBytes(spec.size) }, lfs: 'always' }],
    });
  }
}
