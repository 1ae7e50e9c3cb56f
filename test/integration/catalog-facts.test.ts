import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRepo, uploadFiles } from '@huggingface/hub';
import { parseFactsFilter, type Catalog, type FactsFilterOptions, type ModelFacts } from '../../src/main/catalog/index.js';
import { openTestCatalog } from '../helpers/catalog-setup.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { ggufFile, safetensorsFile } from '../helpers/model-files.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';

type Files = Record<string, string | Buffer>;

// A Llama-shaped model: config, card, a sharded safetensors checkpoint whose first shard holds a 5 MB tensor.
const shard1 = safetensorsFile([{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [1000, 2500] }, { name: 'model.norm.weight', dtype: 'BF16', shape: [2500] }]);
const shard2 = safetensorsFile([{ name: 'lm_head.weight', dtype: 'BF16', shape: [100, 2500] }, { name: 'rope.inv_freq', dtype: 'F32', shape: [64] }]);
const llamaParameters = 1000 * 2500 + 2500 + 100 * 2500 + 64;
const llamaTensorBytes = 2 * (1000 * 2500 + 2500 + 100 * 2500) + 4 * 64;
const llamaFiles: Files = {
  'config.json': JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 2500, num_hidden_layers: 1, num_attention_heads: 20, vocab_size: 1000, max_position_embeddings: 8192, torch_dtype: 'bfloat16' }),
  'README.md': '---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-generation\nbase_model: meta-llama/Llama-3.1-8B\ndatasets:\n  - alice/corpus\ntags: [llama, tiny]\n---\n# Tiny llama\n',
  'model.safetensors.index.json': JSON.stringify({ metadata: { total_size: llamaTensorBytes }, weight_map: { 'model.embed_tokens.weight': 'model-00001-of-00002.safetensors', 'model.norm.weight': 'model-00001-of-00002.safetensors', 'lm_head.weight': 'model-00002-of-00002.safetensors', 'rope.inv_freq': 'model-00002-of-00002.safetensors' } }),
  'model-00001-of-00002.safetensors': shard1,
  'model-00002-of-00002.safetensors': shard2,
};

// Two GGUF quantisations of one model, no config.
const ggufTensors = [{ name: 'token_embd.weight', dimensions: [64, 3000], type: 12 }, { name: 'output_norm.weight', dimensions: [64], type: 0 }];
const ggufParameters = 64 * 3000 + 64;
const ggufMeta = (fileType: number) => ({
  'general.architecture': { type: 'string', value: 'qwen2' } as const,
  'general.file_type': { type: 'u32', value: fileType } as const,
  'qwen2.context_length': { type: 'u32', value: 32768 } as const,
  'tokenizer.ggml.tokens': { type: 'strings', value: Array.from({ length: 300 }, (_, index) => `t${index}`) } as const,
});
const q4 = ggufFile(ggufMeta(15), ggufTensors, 120_000);
const f16 = ggufFile(ggufMeta(1), ggufTensors, 400_000);
const ggufFiles: Files = { 'README.md': '---\nlicense: mit\nlibrary_name: gguf\n---\n', 'tiny-Q4_K_M.gguf': q4, 'tiny-F16.gguf': f16 };

const pickle = randomContent(30_000);
const pickleFiles: Files = { 'config.json': JSON.stringify({ architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', n_embd: 64, n_layer: 2, n_head: 2, n_positions: 1024 }), 'pytorch_model.bin': pickle };

const brokenFiles: Files = { 'config.json': '{"model_type": ', 'README.md': '---\nlicense: [mit\n---\n', 'model.safetensors': randomContent(40_000) };

async function pushRepo(remote: TestServer, name: string, files: Files): Promise<void> {
  const auth = { hubUrl: remote.url, accessToken: remote.token };
  await createRepo({ ...auth, repo: { type: 'model', name: `alice/${name}` } });
  await uploadFiles({ ...auth, repo: { type: 'model', name: `alice/${name}` }, files: Object.entries(files).map(([path, content]) => ({ path, content: new Blob([content]) })) });
}

async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  await pushRepo(remote, 'llama-tiny', llamaFiles);
  await pushRepo(remote, 'tiny-gguf', ggufFiles);
  await pushRepo(remote, 'old-pickle', pickleFiles);
  await pushRepo(remote, 'broken', brokenFiles);
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  const { catalog, dataDir } = await openTestCatalog(t, { prefix: 'hubkeeper-facts-', defaultHub: { endpoint: proxy.url, token: remote.token } });
  for (const repo of ['alice/llama-tiny', 'alice/tiny-gguf', 'alice/old-pickle', 'alice/broken']) catalog.track({ endpoint: proxy.url, repoType: 'model', repo, revision: 'main' });
  return { remote, proxy, catalog, dataDir };
}

function factsOf(catalog: Catalog, repo: string): ModelFacts {
  const [row] = catalog.facts({ repo });
  assert.ok(row?.facts, `${repo} has facts`);
  return row.facts;
}

describe('model facts of tracked repos', () => {
  it('reads config, card, sharded safetensors and GGUF headers by Range, and filters on them offline', async (t) => {
    const { proxy, catalog } = await setup(t);
    const results = await catalog.refresh();
    assert.deepEqual(results.map((result) => [result.repo.repo, result.status]), [['alice/broken', 'updated'], ['alice/llama-tiny', 'updated'], ['alice/old-pickle', 'updated'], ['alice/tiny-gguf', 'updated']], 'facts that cannot be read never fail a refresh');

    const weightsBytes = shard1.length + shard2.length + q4.length + f16.length;
    assert.ok(proxy.bytesServed() < 100_000, `file bytes fetched: ${proxy.bytesServed()} (weights hold ${weightsBytes})`);
    assert.ok(proxy.requests.some((request) => request.startsWith('GET /alice/llama-tiny/resolve/')), 'facts come through resolve');

    const llama = factsOf(catalog, 'alice/llama-tiny');
    assert.deepEqual({ ...llama, weights: llama.weights.map((file) => [file.path, file.tensors, file.parameters]) }, {
      architectures: ['LlamaForCausalLM'], modelType: 'llama', parameters: llamaParameters, dtype: 'BF16', dtypes: ['BF16', 'F32'], quantisation: [],
      license: 'apache-2.0', library: 'transformers', pipelineTag: 'text-generation', tags: ['llama', 'tiny'], baseModel: ['meta-llama/Llama-3.1-8B'], datasets: ['alice/corpus'],
      formats: ['safetensors'], bytesToLoad: llamaTensorBytes, contextLength: 8192, hiddenSize: 2500, layers: 1, heads: 20, vocabSize: 1000, tensors: 4,
      weights: [['model-00001-of-00002.safetensors', 2, 1000 * 2500 + 2500], ['model-00002-of-00002.safetensors', 2, 100 * 2500 + 64]], problems: [], complete: true,
    });

    const gguf = factsOf(catalog, 'alice/tiny-gguf');
    assert.deepEqual([gguf.architectures, gguf.modelType, gguf.parameters, gguf.dtype, gguf.quantisation, gguf.formats, gguf.bytesToLoad, gguf.contextLength, gguf.license, gguf.library],
      [['qwen2'], 'qwen2', ggufParameters, 'F16', ['Q4_K_M'], ['gguf'], q4.length, 32768, 'mit', 'gguf']);
    assert.deepEqual(gguf.weights.map((file) => [file.path, file.fileType, file.tensors]), [['tiny-F16.gguf', 'F16', 2], ['tiny-Q4_K_M.gguf', 'Q4_K_M', 2]]);

    const old = factsOf(catalog, 'alice/old-pickle');
    assert.deepEqual([old.modelType, old.parameters, old.formats, old.bytesToLoad, old.contextLength], ['gpt2', null, ['pickle'], pickle.length, 1024]);

    const broken = factsOf(catalog, 'alice/broken');
    assert.equal(broken.problems.length, 3, broken.problems.join('\n'));
    assert.match(broken.problems.join('\n'), /^README\.md: the front matter is not valid YAML.*\nconfig\.json: not valid JSON.*\nmodel\.safetensors: (not a safetensors file|truncated header)/);
    assert.ok(broken.complete, 'malformed files are read once, not again at every refresh');

    const matching = (options: FactsFilterOptions): string[] => catalog.listFacts(parseFactsFilter(options)).map((row) => row.repo.repo);
    assert.deepEqual(matching({ arch: 'llama' }), ['alice/llama-tiny']);
    assert.deepEqual(matching({ arch: 'LMHead' }), ['alice/old-pickle']);
    assert.deepEqual(matching({ modelType: 'QWEN2' }), ['alice/tiny-gguf']);
    assert.deepEqual(matching({ minParams: '1M' }), ['alice/llama-tiny']);
    assert.deepEqual(matching({ maxParams: '1M' }), ['alice/tiny-gguf']);
    assert.deepEqual(matching({ dtype: 'bfloat16' }), ['alice/llama-tiny']);
    assert.deepEqual(matching({ dtype: 'f16' }), ['alice/tiny-gguf']);
    assert.deepEqual(matching({ quant: 'q4_k_m' }), ['alice/tiny-gguf']);
    assert.deepEqual(matching({ license: 'Apache-2.0', library: 'transformers' }), ['alice/llama-tiny']);
    assert.deepEqual(matching({ format: 'pickle' }), ['alice/old-pickle']);
    assert.deepEqual(matching({ format: 'gguf', quant: 'Q8_0' }), []);
    assert.deepEqual(matching({ fitsBytes: 1_000_000 }), ['alice/old-pickle', 'alice/tiny-gguf'], 'the smallest GGUF variant fits');
    assert.deepEqual(catalog.listFacts().map((row) => row.repo.repo), ['alice/broken', 'alice/llama-tiny', 'alice/old-pickle', 'alice/tiny-gguf']);
  });

  it('reads a file once by its content: a new revision with the same weights costs no file bytes', async (t) => {
    const { remote, proxy, catalog } = await setup(t);
    await catalog.refresh();
    await uploadFiles({ hubUrl: remote.url, accessToken: remote.token, repo: { type: 'model', name: 'alice/llama-tiny' }, files: [{ path: 'NOTES.md', content: new Blob(['notes\n']) }] });
    proxy.requests.length = 0;
    const served = proxy.bytesServed();
    const [result] = await catalog.refresh({ repo: 'alice/llama-tiny' });
    assert.equal(result?.status, 'updated');
    assert.deepEqual(proxy.requests.filter((request) => request.includes('/resolve/')), []);
    assert.equal(proxy.bytesServed(), served);
    assert.equal(factsOf(catalog, 'alice/llama-tiny').parameters, llamaParameters);
  });

  it('hubkeeper track ls filters on facts and hubkeeper facts prints them', async (t) => {
    const { proxy } = await setup(t);
    const data = await tempFolder(t, 'hubkeeper-facts-cli-');
    const hubkeeper = (...args: string[]) => runCliFromSource([...args, '--data', data], { HF_HOME: data });
    for (const repo of ['alice/llama-tiny', 'alice/tiny-gguf']) {
      const added = await hubkeeper('track', 'add', repo, '--endpoint', proxy.url);
      assert.equal(added.code, 0, added.stderr);
    }

    const listed = await hubkeeper('track', 'ls', '--arch', 'llama', '--min-params', '1M', '--fits', '16GB', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout) as Array<{ repo: string; commit: string; facts: ModelFacts }>;
    assert.deepEqual(rows.map((row) => [row.repo, row.facts.parameters, row.facts.bytesToLoad]), [['alice/llama-tiny', llamaParameters, llamaTensorBytes]]);

    const table = await hubkeeper('track', 'ls', '--format', 'gguf');
    assert.match(table.stdout, /^REPO\s+ARCHITECTURE\s+TYPE\s+PARAMS\s+DTYPE\s+QUANT\s+FORMATS\s+LOAD\s+LICENSE\n/);
    assert.match(table.stdout, /alice\/tiny-gguf@main\s+qwen2\s+qwen2\s+192K\s+F16\s+Q4_K_M\s+gguf/);

    const shown = await hubkeeper('facts', 'alice/llama-tiny');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /parameters\s+2.75M/);
    assert.match(shown.stdout, /model-00001-of-00002\.safetensors\s+safetensors/);

    const bad = await hubkeeper('track', 'ls', '--min-params', 'lots');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^hubkeeper: --min-params must be a parameter count such as 7B, 500M or 1\.5B \(got "lots"\)\n$/);
  });
});
