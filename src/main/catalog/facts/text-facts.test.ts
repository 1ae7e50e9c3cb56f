import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../shared/errors.js';
import { parseCardFacts } from './card-facts.js';
import { parseConfigFacts } from './config-facts.js';
import { parseFactsFilter, parseParameterCount } from './facts-filter.js';

const badInput = (code: string, pattern: RegExp) => (error: unknown): boolean => error instanceof AppError && error.code === code && pattern.test(error.message);

describe('config.json facts', () => {
  it('reads a text model config, with GPT-2 style names', () => {
    const llama = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000, max_position_embeddings: 4096, torch_dtype: 'bfloat16' };
    assert.deepEqual(parseConfigFacts(JSON.stringify(llama), 'config.json'), {
      architectures: ['LlamaForCausalLM'], modelType: 'llama', hiddenSize: 4096, layers: 32, heads: 32, vocabSize: 32000, contextLength: 4096, dtype: 'bfloat16', quantisation: null,
    });
    const gpt2 = { architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024, vocab_size: 50257 };
    assert.deepEqual(parseConfigFacts(JSON.stringify(gpt2), 'config.json'), {
      architectures: ['GPT2LMHeadModel'], modelType: 'gpt2', hiddenSize: 768, layers: 12, heads: 12, vocabSize: 50257, contextLength: 1024, dtype: null, quantisation: null,
    });
  });

  it('takes the language model numbers of a multimodal config from its text_config, and the quant_method', () => {
    const llava = {
      architectures: ['LlavaForConditionalGeneration'], model_type: 'llava', dtype: 'float16',
      text_config: { model_type: 'mistral', hidden_size: 5120, num_hidden_layers: 40, num_attention_heads: 32, vocab_size: 131072, max_position_embeddings: 1024000 },
      vision_config: { hidden_size: 1024, num_hidden_layers: 24 },
      quantization_config: { quant_method: 'awq', bits: 4 },
    };
    assert.deepEqual(parseConfigFacts(JSON.stringify(llava), 'config.json'), {
      architectures: ['LlavaForConditionalGeneration'], modelType: 'llava', hiddenSize: 5120, layers: 40, heads: 32, vocabSize: 131072, contextLength: 1024000, dtype: 'float16', quantisation: 'awq',
    });
  });

  it('refuses a config that is not JSON or not an object', () => {
    assert.throws(() => parseConfigFacts('{"model_type": ', 'config.json'), badInput('UnprocessableEntity', /^config\.json: not valid JSON/));
    assert.throws(() => parseConfigFacts('[1, 2]', 'config.json'), badInput('UnprocessableEntity', /must be a JSON object/));
  });
});

describe('card front matter facts', () => {
  it('reads license, tags, pipeline, library, base model and datasets as strings or lists', () => {
    const card = '---\nlicense: apache-2.0\ntags:\n  - text-generation\n  - llama\npipeline_tag: text-generation\nlibrary_name: transformers\nbase_model: meta-llama/Llama-2-7b\ndatasets: [a/b, c/d]\n---\n# Model\n';
    assert.deepEqual(parseCardFacts(card, 'README.md'), {
      license: 'apache-2.0', tags: ['text-generation', 'llama'], pipelineTag: 'text-generation', library: 'transformers', baseModel: ['meta-llama/Llama-2-7b'], datasets: ['a/b', 'c/d'],
    });
  });

  it('a card without front matter has no facts; YAML that does not parse is an error', () => {
    assert.deepEqual(parseCardFacts('# Just a title\n---\n', 'README.md'), { license: null, tags: [], pipelineTag: null, library: null, baseModel: [], datasets: [] });
    assert.throws(() => parseCardFacts('---\nlicense: [mit\ntags: x\n---\n', 'README.md'), badInput('UnprocessableEntity', /^README\.md: the front matter is not valid YAML/));
    assert.throws(() => parseCardFacts('---\n- a\n- b\n---\n', 'README.md'), badInput('UnprocessableEntity', /mapping/));
  });
});

describe('facts filters', () => {
  it('parses parameter counts as model names give them', () => {
    assert.equal(parseParameterCount('7B', '--min-params'), 7_000_000_000);
    assert.equal(parseParameterCount('1.5b', '--min-params'), 1_500_000_000);
    assert.equal(parseParameterCount('500M', '--max-params'), 500_000_000);
    assert.equal(parseParameterCount('350K', '--max-params'), 350_000);
    assert.equal(parseParameterCount('123456', '--max-params'), 123_456);
    assert.throws(() => parseParameterCount('seven', '--min-params'), badInput('BadRequest', /^--min-params must be a parameter count/));
  });

  it('no option is no filter; a format must be known; dtypes are named as safetensors names them', () => {
    assert.equal(parseFactsFilter({}), undefined);
    assert.equal(parseFactsFilter({ dtype: 'bfloat16' })?.dtype, 'BF16');
    assert.throws(() => parseFactsFilter({ format: 'tflite' }), badInput('BadRequest', /--format must be one of safetensors, gguf, pickle, onnx/));
    assert.throws(() => parseFactsFilter({ arch: ' ' }), badInput('BadRequest', /--arch needs one value/));
  });
});
