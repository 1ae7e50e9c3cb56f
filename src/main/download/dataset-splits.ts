import { AppError } from '../../shared/errors.js';
import { cardConfigs } from './dataset-card.js';
import { inferSplits, matchPattern } from './data-file-layout.js';

export interface DatasetSplit {
  readonly name: string;
  /** Repo paths, sorted. */
  readonly files: readonly string[];
}

export interface DatasetConfig {
  readonly name: string;
  readonly default: boolean;
  /** From the card's `configs:` section, or inferred from the file layout. */
  readonly source: 'card' | 'layout';
  readonly splits: readonly DatasetSplit[];
}

/**
 * A dataset's configs and their splits, from its file list and README: the card's `configs:`
 * section when there is one (globs in `data_files`, or the standard layouts inside `data_dir`),
 * else one "default" config inferred from the standard layouts. Pure: no I/O.
 */
export function datasetConfigs(files: readonly string[], readme?: string): DatasetConfig[] {
  const sorted = [...files].sort();
  const fromCard = readme === undefined ? [] : cardConfigs(readme);
  if (fromCard.length === 0) {
    return [{ name: 'default', default: true, source: 'layout', splits: toSplits(inferSplits(sorted)) }];
  }
  const explicitDefault = fromCard.some((config) => config.default);
  return fromCard.map((config) => {
    let splits: Map<string, string[]>;
    if (config.dataFiles) {
      splits = new Map([...config.dataFiles].map(([split, patterns]) => [split, [...new Set(patterns.flatMap((pattern) => matchPattern(sorted, pattern)))].sort()]));
    } else {
      const prefix = config.dataDir ? `${config.dataDir}/` : '';
      const inside = sorted.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
      splits = new Map([...inferSplits(inside)].map(([split, list]) => [split, list.map((file) => prefix + file)]));
    }
    const isDefault = explicitDefault ? config.default : config.name === 'default' || fromCard.length === 1;
    return { name: config.name, default: isDefault, source: 'card' as const, splits: toSplits(splits) };
  });
}

/**
 * The files of one config (the default one when none is named) and one split, or of all its
 * splits when no split is named. Throws NotFound naming what exists.
 */
export function datasetSplitFiles(files: readonly string[], readme: string | undefined, selection: { config?: string | undefined; split?: string | undefined }): string[] {
  const configs = datasetConfigs(files, readme);
  const config = selection.config === undefined ? (configs.find((c) => c.default) ?? configs[0]) : configs.find((c) => c.name === selection.config);
  if (!config) throw new AppError('NotFound', `No config "${selection.config ?? 'default'}"; the dataset has ${configs.map((c) => c.name).join(', ') || 'none'}`);
  if (selection.split === undefined) return [...new Set(config.splits.flatMap((split) => split.files))].sort();
  const split = config.splits.find((s) => s.name === selection.split);
  if (!split) throw new AppError('NotFound', `Config "${config.name}" has no split "${selection.split}"; it has ${config.splits.map((s) => s.name).join(', ') || 'none'}`);
  return [...split.files];
}

function toSplits(splits: ReadonlyMap<string, readonly string[]>): DatasetSplit[] {
  return [...splits].filter(([, list]) => list.length > 0).map(([name, list]) => ({ name, files: [...list].sort() }));
}
