import { malformed } from './range-read.js';

/** What a transformers-style config.json says about the model. */
export interface ConfigFacts {
  readonly architectures: string[];
  readonly modelType: string | null;
  readonly hiddenSize: number | null;
  readonly layers: number | null;
  readonly heads: number | null;
  readonly vocabSize: number | null;
  readonly contextLength: number | null;
  readonly dtype: string | null;
  /** quantization_config.quant_method (gptq, awq, bitsandbytes, fp8, ...). */
  readonly quantisation: string | null;
}

// Each fact under the names model families give it, the usual one first.
const HIDDEN_SIZE = ['hidden_size', 'n_embd', 'd_model', 'dim', 'model_dim'];
const LAYERS = ['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers'];
const HEADS = ['num_attention_heads', 'n_head', 'num_heads', 'n_heads'];
const CONTEXT = ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len', 'seq_length', 'max_sequence_length', 'model_max_length'];
// Multimodal configs hold the language model's numbers in a nested config.
const NESTED = ['text_config', 'llm_config', 'language_config', 'thinker_config'];

export function parseConfigFacts(text: string, label: string): ConfigFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw malformed(label, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) throw malformed(label, 'a config must be a JSON object');
  const config = parsed;
  const nested = NESTED.map((key) => config[key]).filter(isRecord);
  const scopes = [config, ...nested];
  const integer = (names: readonly string[]): number | null => {
    for (const scope of scopes) {
      for (const name of names) {
        const value = scope[name];
        if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      }
    }
    return null;
  };
  const firstText = (name: string): string | null => {
    for (const scope of scopes) {
      const value = scope[name];
      if (typeof value === 'string' && value !== '') return value;
    }
    return null;
  };
  const quantisation = isRecord(config.quantization_config) && typeof config.quantization_config.quant_method === 'string' ? config.quantization_config.quant_method : null;
  const architectures = [config, ...nested].map((scope) => scope.architectures).find(Array.isArray) ?? [];
  return {
    architectures: architectures.filter((name): name is string => typeof name === 'string'),
    modelType: firstText('model_type'),
    hiddenSize: integer(HIDDEN_SIZE),
    layers: integer(LAYERS),
    heads: integer(HEADS),
    vocabSize: integer(['vocab_size', 'padded_vocab_size']),
    contextLength: integer(CONTEXT),
    dtype: firstText('torch_dtype') ?? firstText('dtype'),
    quantisation,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
