import { z } from 'zod';
import { parseSize } from '../../shared/parse-size.js';
import { parseFactsFilter, type FactsFilter } from '../catalog/index.js';

const filterValue = z.string().max(100).optional();
const factsQuery = z.strictObject({
  arch: filterValue, minParams: filterValue, maxParams: filterValue, dtype: filterValue, quant: filterValue, license: filterValue, library: filterValue, format: filterValue, fits: filterValue,
});

/** The CLI's facts filter from a request's query (`?arch=llama&fits=16GB`); none given is undefined. */
export function factsFilterOf(query: unknown): FactsFilter | undefined {
  const { fits, ...options } = factsQuery.parse(query);
  return parseFactsFilter({ ...options, fitsBytes: fits === undefined ? undefined : parseSize(fits, 'fits') });
}
