import { parseFrontMatter } from '../../shared/front-matter.js';

/** One entry of the card's `configs:` list, with data_files normalised to split -> patterns. */
export interface CardConfig {
  readonly name: string;
  readonly default: boolean;
  /** Split name -> glob patterns (already prefixed with data_dir); undefined when only data_dir is given. */
  readonly dataFiles: ReadonlyMap<string, readonly string[]> | undefined;
  readonly dataDir: string | undefined;
}

/** The YAML front matter of a README, parsed; undefined without one, and when it does not read (the configs then come from the file layout). */
export function cardMetadata(readme: string): Record<string, unknown> | undefined {
  const read = parseFrontMatter(readme);
  return read.ok ? read.data : undefined;
}

/**
 * The `configs:` section as the `datasets` library reads it: `data_files` as a string or a list
 * of strings (one "train" split), a list of `{split, path}` (path a string or a list), or a
 * mapping split -> path(s); `data_dir` prefixes every pattern. Malformed entries are skipped.
 */
export function cardConfigs(readme: string): CardConfig[] {
  const configs = cardMetadata(readme)?.configs;
  if (!Array.isArray(configs)) return [];
  const out: CardConfig[] = [];
  for (const entry of configs) {
    if (!isRecord(entry)) continue;
    const name = typeof entry.config_name === 'string' ? entry.config_name : 'default';
    const dataDir = typeof entry.data_dir === 'string' ? entry.data_dir.replace(/^\.?\/+|\/+$/g, '') : undefined;
    const dataFiles = normaliseDataFiles(entry.data_files, dataDir);
    out.push({ name, default: entry.default === true, dataFiles, dataDir });
  }
  return out;
}

function normaliseDataFiles(value: unknown, dataDir: string | undefined): Map<string, string[]> | undefined {
  if (value === undefined || value === null) return undefined;
  const splits = new Map<string, string[]>();
  const add = (split: string, patterns: unknown): void => {
    const list = (Array.isArray(patterns) ? patterns : [patterns]).filter((p): p is string => typeof p === 'string');
    const prefixed = list.map((pattern) => (dataDir ? `${dataDir}/${pattern.replace(/^\.?\/+/, '')}` : pattern.replace(/^\.?\/+/, '')));
    splits.set(split, [...(splits.get(split) ?? []), ...prefixed]);
  };
  if (typeof value === 'string') add('train', value);
  else if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') add('train', item);
      else if (isRecord(item) && typeof item.split === 'string') add(item.split, item.path);
    }
  } else if (isRecord(value)) {
    for (const [split, patterns] of Object.entries(value)) add(split, patterns);
  }
  return splits;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
