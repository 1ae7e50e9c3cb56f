import { z } from 'zod';

export const MODEL_FORMATS = ['safetensors', 'gguf', 'pickle', 'onnx'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

const count = z.number().int().nonnegative();

/** One weights file's facts (a GGUF file, or a safetensors file alone or as a shard). */
export const weightsFileSchema = z.object({
  path: z.string(),
  format: z.enum(MODEL_FORMATS),
  size: count,
  tensors: count.nullable(),
  parameters: count.nullable(),
  /** Parameters per tensor dtype (safetensors: F16, BF16, ...). */
  dtypes: z.record(z.string(), count),
  /** GGUF file type: Q4_K_M, Q8_0, F16, ... */
  fileType: z.string().nullable(),
});
export type WeightsFile = z.infer<typeof weightsFileSchema>;

/** What a stored revision is: read from config.json, the card's front matter and the weights' headers, never from the weights. */
export const modelFactsSchema = z.object({
  architectures: z.array(z.string()),
  modelType: z.string().nullable(),
  /** Parameters of one copy of the model (one GGUF variant when only GGUF files are given). */
  parameters: count.nullable(),
  /** The dtype the model is stored in: config torch_dtype, else the tensors' main dtype. */
  dtype: z.string().nullable(),
  dtypes: z.array(z.string()),
  /** Quantisations: GGUF file types (Q4_K_M, ...) and the config's quant_method (gptq, awq, ...). */
  quantisation: z.array(z.string()),
  license: z.string().nullable(),
  library: z.string().nullable(),
  pipelineTag: z.string().nullable(),
  tags: z.array(z.string()),
  baseModel: z.array(z.string()),
  datasets: z.array(z.string()),
  formats: z.array(z.enum(MODEL_FORMATS)),
  /** Bytes of weights a run loads: the safetensors tensors, else the smallest GGUF variant, else the weights files. */
  bytesToLoad: count.nullable(),
  contextLength: count.nullable(),
  hiddenSize: count.nullable(),
  layers: count.nullable(),
  heads: count.nullable(),
  vocabSize: count.nullable(),
  tensors: count.nullable(),
  weights: z.array(weightsFileSchema),
  /** Files that could not be read, one line each ("model.safetensors: ..."); the other facts stand. */
  problems: z.array(z.string()),
  /** False when a file could not be reached (not when it is malformed): the next refresh reads again. */
  complete: z.boolean(),
});
export type ModelFacts = z.infer<typeof modelFactsSchema>;
