import { AppError } from '../../../shared/errors.js';
import { parseCardFacts } from './card-facts.js';
import { parseConfigFacts } from './config-facts.js';
import { contentHash, type FactsByKind, type FileFactsCache, type FileKind, type FileOutcome, type RevisionFile } from './file-facts.js';
import { readGgufFacts } from './gguf-header.js';
import type { ModelFacts } from './model-facts.js';
import { weightsFormat } from './model-format.js';
import type { RangeRead } from './range-read.js';
import { readSafetensorsFacts, safetensorsIndexShards } from './safetensors-header.js';
import { summariseFacts, type ReadWeights } from './summarise-facts.js';

/** How file bytes are reached: a whole small file, or ranges of a large one. */
export interface FactsSource {
  text(path: string, signal?: AbortSignal): Promise<string>;
  range(path: string, signal?: AbortSignal): RangeRead;
}

/** Weights headers read per revision at most: a repo of hundreds of checkpoints is summarised from the first ones. */
const MAX_WEIGHTS_FILES = 64;
const CONCURRENT_READS = 4;

/**
 * A revision's model facts, read without downloading weights: config.json and README.md at the
 * root, and the headers of its safetensors (index files followed) and GGUF files by ranges. A file
 * whose content was read before (same hash) is not read again. A file that cannot be read is a
 * problem listed in the facts, never a failure.
 */
export async function readModelFacts(files: readonly RevisionFile[], source: FactsSource, cache: FileFactsCache, signal?: AbortSignal): Promise<ModelFacts> {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const problems: string[] = [];
  let complete = true;
  const read = async <K extends FileKind>(kind: K, file: RevisionFile, parse: () => Promise<FactsByKind[K]>): Promise<FactsByKind[K] | undefined> => {
    const outcome = await cachedRead(cache, kind, file, parse, signal);
    if ('facts' in outcome) return outcome.facts;
    if (!('transient' in outcome)) problems.push(outcome.error);
    else {
      complete = false;
      problems.push(outcome.error);
    }
    return undefined;
  };

  const configFile = byPath.get('config.json');
  const config = configFile && (await read('config', configFile, async () => parseConfigFacts(await source.text(configFile.path, signal), configFile.path)));
  const cardFile = byPath.get('README.md');
  const card = cardFile && (await read('card', cardFile, async () => parseCardFacts(await source.text(cardFile.path, signal), cardFile.path)));

  const safetensors = await safetensorsFiles(files, byPath, (index) => read('safetensors-index', index, async () => ({ shards: safetensorsIndexShards(await source.text(index.path, signal), index.path) })), problems);
  const ggufs = files.filter((file) => weightsFormat(file.path) === 'gguf');
  const wanted = [...safetensors, ...ggufs];
  if (wanted.length > MAX_WEIGHTS_FILES) problems.push(`${wanted.length - MAX_WEIGHTS_FILES} more weights files were not read (at most ${MAX_WEIGHTS_FILES} per revision)`);
  const weights: ReadWeights[] = [];
  await eachAtMost(CONCURRENT_READS, wanted.slice(0, MAX_WEIGHTS_FILES), async (file) => {
    const range = (): RangeRead => source.range(file.path, signal);
    if (weightsFormat(file.path) === 'gguf') {
      const facts = await read('gguf', file, () => readGgufFacts(range(), file.size, file.path));
      if (facts) weights.push({ file, format: 'gguf', facts });
    } else {
      const facts = await read('safetensors', file, () => readSafetensorsFacts(range(), file.size, file.path));
      if (facts) weights.push({ file, format: 'safetensors', facts });
    }
  });
  weights.sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
  return summariseFacts({ files, config: config ?? null, card: card ?? null, weights, problems: problems.sort(), complete });
}

/**
 * The safetensors files that make up the model: those of the root folder if it has any, else of
 * every folder (diffusers pipelines). In a folder with an index, the shards it names.
 */
async function safetensorsFiles(
  files: readonly RevisionFile[],
  byPath: ReadonlyMap<string, RevisionFile>,
  readIndex: (index: RevisionFile) => Promise<{ shards: string[] } | undefined>,
  problems: string[],
): Promise<RevisionFile[]> {
  const folders = new Map<string, { weights: RevisionFile[]; indexes: RevisionFile[] }>();
  for (const file of files) {
    const isIndex = file.path.endsWith('.safetensors.index.json');
    if (!isIndex && weightsFormat(file.path) !== 'safetensors') continue;
    const folder = file.path.slice(0, file.path.lastIndexOf('/') + 1);
    const group = folders.get(folder) ?? { weights: [], indexes: [] };
    (isIndex ? group.indexes : group.weights).push(file);
    folders.set(folder, group);
  }
  const chosen = folders.has('') ? [''] : [...folders.keys()].sort();
  const out: RevisionFile[] = [];
  for (const folder of chosen) {
    const group = folders.get(folder) as { weights: RevisionFile[]; indexes: RevisionFile[] };
    const index = group.indexes.sort((a, b) => (a.path < b.path ? -1 : 1))[0];
    const listed = index === undefined ? undefined : await readIndex(index);
    if (index === undefined || listed === undefined) {
      out.push(...group.weights);
      continue;
    }
    for (const shard of listed.shards) {
      const file = byPath.get(`${folder}${shard}`);
      if (file === undefined) problems.push(`${index.path}: its shard ${shard} is not in the repo`);
      else out.push(file);
    }
  }
  return out;
}

type ReadOutcome<K extends FileKind> = FileOutcome<K> | { readonly error: string; readonly transient: true };

/** A file's facts from the cache, else read; what its content lacks is cached too, a hub that could not be reached is not. */
async function cachedRead<K extends FileKind>(cache: FileFactsCache, kind: K, file: RevisionFile, parse: () => Promise<FactsByKind[K]>, signal?: AbortSignal): Promise<ReadOutcome<K>> {
  const hash = contentHash(file);
  const cached = cache.get(hash, kind);
  if (cached !== undefined) return cached;
  let outcome: FileOutcome<K>;
  try {
    outcome = { facts: await parse() };
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof AppError) || error.code !== 'UnprocessableEntity') return { error: `${file.path}: ${message}`, transient: true };
    outcome = { error: message };
  }
  cache.put(hash, kind, outcome);
  return outcome;
}

async function eachAtMost<T>(limit: number, items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
