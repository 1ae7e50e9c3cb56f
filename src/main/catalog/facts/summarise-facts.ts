import type { CardFacts } from './card-facts.js';
import type { ConfigFacts } from './config-facts.js';
import type { RevisionFile } from './file-facts.js';
import type { GgufFacts } from './gguf-header.js';
import { MODEL_FORMATS, type ModelFacts, type ModelFormat, type WeightsFile } from './model-facts.js';
import { dtypeName, ggufVariant, weightsFormat } from './model-format.js';
import type { SafetensorsFacts } from './safetensors-header.js';

export type ReadWeights =
  | { readonly file: RevisionFile; readonly format: 'safetensors'; readonly facts: SafetensorsFacts }
  | { readonly file: RevisionFile; readonly format: 'gguf'; readonly facts: GgufFacts };

export interface FactsParts {
  readonly files: readonly RevisionFile[];
  readonly config: ConfigFacts | null;
  readonly card: CardFacts | null;
  /** The weights headers read, by path. */
  readonly weights: readonly ReadWeights[];
  readonly problems: string[];
  readonly complete: boolean;
}

// GGUF file types that store plain floats: a dtype, not a quantisation.
const FLOAT_FILE_TYPES = new Set(['F32', 'F16', 'BF16']);

/** One revision's facts from what its files said; config.json wins over what headers suggest. */
export function summariseFacts(parts: FactsParts): ModelFacts {
  const { config, card } = parts;
  const safetensors = parts.weights.flatMap((weights) => (weights.format === 'safetensors' ? [weights.facts] : []));
  const ggufs = parts.weights.flatMap((weights) => (weights.format === 'gguf' ? [weights] : []));
  const variants = ggufVariants(ggufs);
  const firstGguf = ggufs[0]?.facts;

  const tensorDtypes = new Map<string, number>();
  for (const facts of safetensors) for (const [dtype, parameters] of Object.entries(facts.dtypes)) tensorDtypes.set(dtype, (tensorDtypes.get(dtype) ?? 0) + parameters);
  const mainTensorDtype = [...tensorDtypes].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fileTypes = [...new Set(ggufs.flatMap((weights) => (weights.facts.fileType === null ? [] : [weights.facts.fileType])))];
  const configDtype = config?.dtype === null || config?.dtype === undefined ? undefined : dtypeName(config.dtype);
  const dtypes = unique([...(configDtype === undefined ? [] : [configDtype]), ...tensorDtypes.keys(), ...fileTypes.filter((type) => FLOAT_FILE_TYPES.has(type))]);
  const quantisation = unique([...(config?.quantisation ? [config.quantisation] : []), ...fileTypes.filter((type) => !FLOAT_FILE_TYPES.has(type))]);

  const formats = MODEL_FORMATS.filter((format) => parts.files.some((file) => weightsFormat(file.path) === format));
  const sum = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((total, value) => total + value, 0));
  const smallestVariant = variants.length === 0 ? null : Math.min(...variants.map((variant) => variant.bytes));
  const sizeOf = (format: ModelFormat): number | null => sum(parts.files.filter((file) => weightsFormat(file.path) === format).map((file) => file.size));

  return {
    architectures: config !== null && config.architectures.length > 0 ? config.architectures : unique(ggufs.flatMap((weights) => (weights.facts.architecture === null ? [] : [weights.facts.architecture]))),
    modelType: config?.modelType ?? firstGguf?.architecture ?? null,
    parameters: sum(safetensors.map((facts) => facts.parameters)) ?? (variants.length === 0 ? null : Math.max(...variants.map((variant) => variant.parameters))),
    dtype: configDtype ?? mainTensorDtype ?? fileTypes.find((type) => FLOAT_FILE_TYPES.has(type)) ?? null,
    dtypes,
    quantisation,
    license: card?.license ?? null,
    library: card?.library ?? null,
    pipelineTag: card?.pipelineTag ?? null,
    tags: card?.tags ?? [],
    baseModel: card?.baseModel ?? [],
    datasets: card?.datasets ?? [],
    formats,
    bytesToLoad: sum(safetensors.map((facts) => facts.tensorBytes)) ?? smallestVariant ?? sizeOf('pickle') ?? sizeOf('onnx'),
    contextLength: config?.contextLength ?? firstGguf?.contextLength ?? null,
    hiddenSize: config?.hiddenSize ?? null,
    layers: config?.layers ?? null,
    heads: config?.heads ?? null,
    vocabSize: config?.vocabSize ?? null,
    tensors: sum(safetensors.map((facts) => facts.tensors)) ?? firstGguf?.tensors ?? null,
    weights: parts.weights.map(weightsFile),
    problems: parts.problems,
    complete: parts.complete,
  };
}

/** GGUF files grouped into variants (split parts together): bytes and parameters of each. */
function ggufVariants(ggufs: readonly Extract<ReadWeights, { format: 'gguf' }>[]): { bytes: number; parameters: number }[] {
  const variants = new Map<string, { bytes: number; parameters: number }>();
  for (const { file, facts } of ggufs) {
    const variant = variants.get(ggufVariant(file.path)) ?? { bytes: 0, parameters: 0 };
    variant.bytes += file.size;
    variant.parameters += facts.parameters;
    variants.set(ggufVariant(file.path), variant);
  }
  return [...variants.values()];
}

function weightsFile(weights: ReadWeights): WeightsFile {
  const { file } = weights;
  if (weights.format === 'gguf') {
    return { path: file.path, format: 'gguf', size: file.size, tensors: weights.facts.tensors, parameters: weights.facts.parameters, dtypes: {}, fileType: weights.facts.fileType };
  }
  return { path: file.path, format: 'safetensors', size: file.size, tensors: weights.facts.tensors, parameters: weights.facts.parameters, dtypes: weights.facts.dtypes, fileType: null };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
