import picomatch from 'picomatch';

/** Files the `datasets` library never treats as data, unless a pattern names them. */
const FILES_TO_IGNORE: ReadonlySet<string> = new Set(['README.md', 'config.json', 'dataset_info.json', 'dataset_infos.json', 'dummy_data.zip', 'dataset_dict.json']);

const SPLIT_KEYWORDS: readonly [string, readonly string[]][] = [
  ['train', ['train', 'training']],
  ['validation', ['validation', 'valid', 'dev', 'val']],
  ['test', ['test', 'testing', 'eval', 'evaluation']],
];
const SEP = '[-._ 0-9]';
const IN_DIR_NAME = ['**/{k}/**', `**/{k}${SEP}*/**`, `**/*${SEP}{k}/**`, `**/*${SEP}{k}${SEP}*/**`];
const IN_FILE_NAME = [`**/{k}${SEP}*`, `**/*${SEP}{k}${SEP}*`];
const SHARDED = /^data\/(\w+(?:\.\w+)*)-\d{5}-of-\d{5}[^/]*\.[^/]*$/;

/** Extension -> format, in the order ties are broken (the `datasets` packaged modules). */
const FORMATS: readonly [string, readonly string[]][] = [
  ['parquet', ['parquet', 'geoparquet', 'gpq']],
  ['arrow', ['arrow']],
  ['json', ['json', 'jsonl']],
  ['csv', ['csv', 'tsv']],
  ['text', ['txt']],
  ['webdataset', ['tar']],
  ['hdf5', ['hdf5', 'h5']],
  ['xml', ['xml']],
  ['imagefolder', ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'avif', 'heic']],
  ['audiofolder', ['wav', 'mp3', 'flac', 'ogg', 'opus', 'm4a', 'aiff']],
  ['videofolder', ['mp4', 'avi', 'mkv', 'mov', 'webm']],
  ['pdffolder', ['pdf']],
  ['zip', ['zip']],
];
const FORMAT_OF_EXTENSION = new Map(FORMATS.flatMap(([format, extensions]) => extensions.map((extension) => [extension, format] as const)));
const FOLDER_FORMATS: ReadonlySet<string> = new Set(['imagefolder', 'audiofolder', 'videofolder', 'pdffolder']);

/** The files a glob selects, as `datasets` resolves it: `*` stays in a folder, hidden and `__` paths only when named. */
export function matchPattern(files: readonly string[], pattern: string): string[] {
  const isMatch = picomatch(pattern, { dot: false });
  const namesIgnored = !FILES_TO_IGNORE.has(pattern.slice(pattern.lastIndexOf('/') + 1));
  return files.filter((file) => {
    if (!isMatch(file)) return false;
    if (namesIgnored && FILES_TO_IGNORE.has(file.slice(file.lastIndexOf('/') + 1))) return false;
    return !file.split('/').some((part) => part.startsWith('__') && !pattern.includes(part));
  });
}

/**
 * Splits inferred from the standard layouts when the card declares none, in the order the
 * `datasets` library tries them: sharded `data/{split}-00000-of-00001.*` names, then a split
 * keyword in a folder name (`train/…`, `data/test_v2/…`), then in a file name (`train.csv`,
 * `my-valid-3.jsonl`), else everything is "train". Files are then kept to the most common
 * data format, as the library's module inference does.
 */
export function inferSplits(allFiles: readonly string[]): Map<string, string[]> {
  const files = allFiles.filter((file) => formatOf(file) !== undefined || /(^|\/)metadata\.(csv|jsonl)$/.test(file));
  const sharded = new Map<string, string[]>();
  for (const file of files) {
    const split = SHARDED.exec(file)?.[1];
    if (split !== undefined && formatOf(file) !== undefined) sharded.set(split, [...(sharded.get(split) ?? []), file]);
  }
  if (sharded.size > 0) return keepMainFormat(orderSplits(sharded));

  for (const templates of [IN_DIR_NAME, IN_FILE_NAME]) {
    const found = new Map<string, string[]>();
    for (const [split, keywords] of SPLIT_KEYWORDS) {
      const matched = new Set(keywords.flatMap((keyword) => templates.flatMap((template) => matchPattern(files, template.replace('{k}', keyword)))));
      if (matched.size > 0) found.set(split, files.filter((file) => matched.has(file)));
    }
    if (found.size > 0) return keepMainFormat(found);
  }
  const all = matchPattern(files, '**');
  return keepMainFormat(new Map<string, string[]>(all.length > 0 ? [['train', all]] : []));
}

/** The data format of a file from its first known suffix ("train.csv.gz" is csv). */
export function formatOf(file: string): string | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  for (const suffix of base.split('.').slice(1)) {
    const format = FORMAT_OF_EXTENSION.get(suffix.toLowerCase());
    if (format) return format;
  }
  return undefined;
}

function keepMainFormat(splits: Map<string, string[]>): Map<string, string[]> {
  const counts = new Map<string, number>();
  for (const file of [...splits.values()].flat()) {
    const format = formatOf(file);
    if (format) counts.set(format, (counts.get(format) ?? 0) + 1);
  }
  const ranked = FORMATS.map(([format]) => format).filter((format) => counts.has(format));
  const main = ranked.reduce<string | undefined>((best, format) => (best === undefined || (counts.get(format) ?? 0) > (counts.get(best) ?? 0) ? format : best), undefined);
  const keep = (file: string): boolean => formatOf(file) === main || (main !== undefined && FOLDER_FORMATS.has(main) && /(^|\/)metadata\.(csv|jsonl)$/.test(file));
  const out = new Map<string, string[]>();
  for (const [split, list] of splits) {
    const kept = list.filter(keep);
    if (kept.length > 0) out.set(split, kept);
  }
  return out;
}

function orderSplits(splits: Map<string, string[]>): Map<string, string[]> {
  const standard = SPLIT_KEYWORDS.map(([split]) => split).filter((split) => splits.has(split));
  const others = [...splits.keys()].filter((split) => !standard.includes(split)).sort();
  return new Map([...standard, ...others].map((split) => [split, splits.get(split) ?? []]));
}
