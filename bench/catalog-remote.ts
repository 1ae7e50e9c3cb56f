// The remote the catalog benchmark tracks: repos shaped like real ones (nested folders, LFS
// weights with sha256, configs and tokenizers shared across repos, a few 100k-file datasets),
// written straight through the store (one commit per repo), not through HTTP uploads.
import type { RepoType } from '../src/shared/repo-id.js';
import type { CommitOperation, Store } from '../src/main/store/index.js';

export interface CatalogRemotePlan {
  /** Files in all repos together (the .gitattributes of each repo included). */
  readonly totalFiles: number;
  readonly repos: number;
  /** Files of each large dataset (default: 100,000, at most a tenth of totalFiles). */
  readonly bigRepoFiles?: number;
}

export interface PlannedRepo {
  readonly type: RepoType;
  readonly repo: string;
  readonly files: number;
}

const NAMESPACE = 'bench';
const BIG_REPOS = 3;
const BIG_REPO_FILES = 100_000;
const author = { name: 'bench', email: 'bench@example.com' };

/** Which repos the plan makes and how many files each holds (the first BIG_REPOS are the large datasets). */
export function plannedRepos(plan: CatalogRemotePlan): PlannedRepo[] {
  const big = plan.bigRepoFiles ?? Math.min(BIG_REPO_FILES, Math.floor(plan.totalFiles / 10));
  const models = plan.repos - BIG_REPOS;
  const perModel = Math.floor((plan.totalFiles - BIG_REPOS * big) / models);
  const repos: PlannedRepo[] = [];
  for (let i = 0; i < BIG_REPOS; i++) repos.push({ type: 'dataset', repo: `${NAMESPACE}/dataset-${i}`, files: big });
  for (let i = 0; i < models; i++) repos.push({ type: 'model', repo: `${NAMESPACE}/model-${String(i).padStart(3, '0')}`, files: perModel });
  return repos;
}

/** Small deterministic content: the same key gives the same bytes (so the same git oid) in every repo. */
export const text = (key: string): Buffer => Buffer.from(`${key}\n`);

/** An LFS object's bytes: distinct per key, small (sizes do not change what a listing costs). */
export const weights = (key: string): Buffer => Buffer.from(`weights ${key} `.repeat(8));

function datasetOperations(index: number, files: number): CommitOperation[] {
  const operations: CommitOperation[] = [
    { type: 'add', path: 'README.md', content: { data: text(`# dataset ${index}`) } },
    { type: 'add', path: 'dataset_infos.json', content: { data: text('{"default": {"features": {"text": "string"}}}') } },
  ];
  // data/{split}/shard-{k}/part-{i}.jsonl, 100 files per folder; every 50th a parquet file in LFS.
  for (let i = 0; operations.length < files - 1; i++) {
    const split = i % 10 === 0 ? 'test' : 'train';
    const folder = `data/${split}/shard-${String(Math.floor(i / 100)).padStart(4, '0')}`;
    if (i % 50 === 0) {
      operations.push({ type: 'add', path: `${folder}/part-${String(i).padStart(6, '0')}.parquet`, content: { data: weights(`d${index}-${i}`) }, lfs: 'always' });
    } else {
      operations.push({ type: 'add', path: `${folder}/part-${String(i).padStart(6, '0')}.jsonl`, content: { data: text(`{"dataset":${index},"row":${i}}`) }, lfs: 'never' });
    }
  }
  return operations;
}

/** The config.json every model of a family shares. */
export const configJson = (family: number): Buffer => text(`{"model_type":"family-${family}","hidden_size":${1024 * (family + 1)}}`);

function modelOperations(index: number, files: number): CommitOperation[] {
  const family = index % 8;
  const shards = 2 + (index % 4);
  const operations: CommitOperation[] = [
    // Shared across the repos of a family: identical configs and a whole identical tokenizer folder.
    { type: 'add', path: 'config.json', content: { data: configJson(family) } },
    { type: 'add', path: 'generation_config.json', content: { data: text('{"do_sample":true,"temperature":0.7}') } },
    { type: 'add', path: 'tokenizer/tokenizer.json', content: { data: text(`tokenizer of family ${family}`) } },
    { type: 'add', path: 'tokenizer/tokenizer_config.json', content: { data: text(`{"family":${family}}`) } },
    { type: 'add', path: 'tokenizer/special_tokens_map.json', content: { data: text('{"bos_token":"<s>","eos_token":"</s>"}') } },
    { type: 'add', path: 'README.md', content: { data: text(`---\nlicense: apache-2.0\n---\n# model ${index}`) } },
  ];
  for (let shard = 1; shard <= shards; shard++) {
    const name = `model-${String(shard).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    operations.push({ type: 'add', path: name, content: { data: weights(`m${index}-${shard}`) }, lfs: 'always' });
  }
  if (index % 5 === 0) operations.push({ type: 'add', path: 'gguf/model-Q4_K_M.gguf', content: { data: weights(`m${index}-gguf`) }, lfs: 'always' });
  if (index % 10 === 0) operations.push({ type: 'add', path: 'onnx/config.json', content: { data: text(`{"onnx":${family}}`) } });
  // The bulk: evaluation samples two and three folders deep; samples/{k} repeats across repos of a family.
  for (let i = 0; operations.length < files - 1; i++) {
    const folder = `eval/run-${String(Math.floor(i / 200)).padStart(3, '0')}/step-${String(Math.floor(i / 20) % 10)}`;
    const shared = i % 4 === 0;
    const content = shared ? text(`sample ${family}/${i}`) : text(`model ${index} output ${i}`);
    operations.push({ type: 'add', path: `${folder}/out-${String(i).padStart(5, '0')}.json`, content: { data: content }, lfs: 'never' });
  }
  return operations;
}

/** Creates every planned repo with one commit of its files (the initial .gitattributes makes the count exact). */
export async function seedCatalogRemote(store: Store, plan: CatalogRemotePlan): Promise<PlannedRepo[]> {
  const repos = plannedRepos(plan);
  for (const [position, planned] of repos.entries()) {
    const name = planned.repo.split('/')[1] as string;
    const repo = store.createRepo({ type: planned.type, namespace: NAMESPACE, name, author });
    const index = planned.type === 'dataset' ? position : position - BIG_REPOS;
    const operations = planned.type === 'dataset' ? datasetOperations(index, planned.files) : modelOperations(index, planned.files);
    await store.commit({ repoId: repo.id, branch: 'main', title: 'Add files', author, operations });
  }
  return repos;
}

/** Paths of the first big dataset to modify for the diff: `share` of its jsonl files, spread evenly. */
export function pathsToModify(files: number, share: number): string[] {
  const every = Math.round(1 / share);
  const paths: string[] = [];
  for (let i = 1; i < files - 3; i += every) {
    if (i % 50 === 0) continue; // an LFS parquet file
    const split = i % 10 === 0 ? 'test' : 'train';
    paths.push(`data/${split}/shard-${String(Math.floor(i / 100)).padStart(4, '0')}/part-${String(i).padStart(6, '0')}.jsonl`);
  }
  return paths;
}
