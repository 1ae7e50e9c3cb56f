import { z } from 'zod';
import type { CardFacts } from './card-facts.js';
import type { ConfigFacts } from './config-facts.js';
import type { GgufFacts } from './gguf-header.js';
import type { SafetensorsFacts } from './safetensors-header.js';

/** A file of a stored revision, as the structure holds it. */
export interface RevisionFile {
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  /** LFS sha256 (null for a file stored in git). */
  readonly sha256: string | null;
}

export interface FactsByKind {
  config: ConfigFacts;
  card: CardFacts;
  safetensors: SafetensorsFacts;
  'safetensors-index': { shards: string[] };
  gguf: GgufFacts;
}
export type FileKind = keyof FactsByKind;

/** What reading one file gave: its facts, or why its content has none. */
export type FileOutcome<K extends FileKind> = { readonly facts: FactsByKind[K] } | { readonly error: string };

/** Outcomes of files already read, by content (LFS sha256, else git oid). */
export interface FileFactsCache {
  get<K extends FileKind>(hash: string, kind: K): FileOutcome<K> | undefined;
  put<K extends FileKind>(hash: string, kind: K, outcome: FileOutcome<K>): void;
}

export function contentHash(file: RevisionFile): string {
  return file.sha256 ?? file.oid;
}

const count = z.number().int().nonnegative();
const text = z.string().nullable();
const texts = z.array(z.string());

/** Schemas of the stored facts of each kind: what is read back from the database is checked. */
export const FILE_FACTS_SCHEMAS: { readonly [K in FileKind]: z.ZodType<FactsByKind[K]> } = {
  config: z.object({
    architectures: texts, modelType: text, hiddenSize: count.nullable(), layers: count.nullable(), heads: count.nullable(),
    vocabSize: count.nullable(), contextLength: count.nullable(), dtype: text, quantisation: text,
  }),
  card: z.object({ license: text, tags: texts, pipelineTag: text, library: text, baseModel: texts, datasets: texts }),
  safetensors: z.object({ tensors: count, parameters: count, dtypes: z.record(z.string(), count), tensorBytes: count }),
  'safetensors-index': z.object({ shards: texts }),
  gguf: z.object({
    version: count, tensors: count, parameters: count, architecture: text, fileType: text, contextLength: count.nullable(), name: text,
  }),
};
