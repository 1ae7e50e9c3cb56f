import { AppError } from '../../../shared/errors.js';
import type { RevisionFactsFilter } from '../../db/index.js';
import { MODEL_FORMATS, type ModelFormat } from './model-facts.js';
import { dtypeName } from './model-format.js';

/** Filters on model facts as a user gives them (`--min-params 7B`); sizes are parsed at the edge that knows its units. */
export interface FactsFilterOptions {
  readonly arch?: string | undefined;
  readonly modelType?: string | undefined;
  readonly minParams?: string | undefined;
  readonly maxParams?: string | undefined;
  readonly dtype?: string | undefined;
  readonly quant?: string | undefined;
  readonly license?: string | undefined;
  readonly library?: string | undefined;
  readonly format?: string | undefined;
  /** Bytes to load at most ("fits in"). */
  readonly fitsBytes?: number | undefined;
}

export type FactsFilter = RevisionFactsFilter;

const SCALE: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** "7B", "500M", "1.5b", "350K", "7000000000": a parameter count. */
export function parseParameterCount(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmbgt]?)$/i.exec(value.trim());
  if (!match?.[1]) throw new AppError('BadRequest', `${flag} must be a parameter count such as 7B, 500M or 1.5B (got "${value}")`);
  return Math.round(Number(match[1]) * (SCALE[(match[2] ?? '').toLowerCase()] ?? 1));
}

/** Checks the options into a filter; none given is no filter (undefined). */
export function parseFactsFilter(options: FactsFilterOptions): FactsFilter | undefined {
  const text = (value: string | undefined, flag: string): string | undefined => {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.includes(',')) throw new AppError('BadRequest', `${flag} needs one value (got "${value}")`);
    return trimmed;
  };
  const format = text(options.format, '--format');
  if (format !== undefined && !MODEL_FORMATS.includes(format.toLowerCase() as ModelFormat)) {
    throw new AppError('BadRequest', `--format must be one of ${MODEL_FORMATS.join(', ')} (got "${format}")`);
  }
  const filter: FactsFilter = {
    architecture: text(options.arch, '--arch'),
    modelType: text(options.modelType, '--model-type'),
    minParameters: options.minParams === undefined ? undefined : parseParameterCount(options.minParams, '--min-params'),
    maxParameters: options.maxParams === undefined ? undefined : parseParameterCount(options.maxParams, '--max-params'),
    dtype: mapDefined(text(options.dtype, '--dtype'), dtypeName),
    quantisation: text(options.quant, '--quant'),
    license: text(options.license, '--license'),
    library: text(options.library, '--library'),
    format,
    maxBytesToLoad: options.fitsBytes,
  };
  return Object.values(filter).every((value) => value === undefined) ? undefined : filter;
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}
