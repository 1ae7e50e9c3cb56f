import { parseFrontMatter } from '../../shared/front-matter.js';

/** A card's metadata as validate-yaml reports it: the mapping (undefined when absent or invalid), errors and warnings. */
export interface FrontMatter {
  readonly data: Record<string, unknown> | undefined;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export function readFrontMatter(markdown: string): FrontMatter {
  const read = parseFrontMatter(markdown);
  if (!read.ok) {
    const errors = read.error.kind === 'invalid-yaml' ? read.error.messages : ['The YAML metadata must be a mapping of keys to values'];
    return { data: undefined, errors, warnings: read.warnings };
  }
  if (read.data === undefined) return { data: undefined, errors: [], warnings: [] };
  return { data: read.data, errors: [], warnings: [...read.warnings, ...fieldWarnings(read.data)] };
}

/** What the Hub derives from a model card's metadata for the info object. */
export interface CardFields {
  readonly cardData: Record<string, unknown> | undefined;
  readonly tags: readonly string[];
  readonly pipelineTag: string | null;
  readonly libraryName: string | null;
}

export function cardFields(data: Record<string, unknown> | undefined): CardFields {
  if (!data) return { cardData: undefined, tags: [], pipelineTag: null, libraryName: null };
  const libraryName = typeof data.library_name === 'string' ? data.library_name : null;
  const tags = new Set<string>(strings(data.tags));
  if (libraryName) tags.add(libraryName);
  for (const language of strings(data.language)) tags.add(language);
  for (const dataset of strings(data.datasets)) tags.add(`dataset:${dataset}`);
  for (const license of strings(data.license)) tags.add(`license:${license}`);
  return {
    cardData: data,
    tags: [...tags],
    pipelineTag: typeof data.pipeline_tag === 'string' ? data.pipeline_tag : null,
    libraryName,
  };
}

const STRING_OR_LIST_FIELDS = ['tags', 'license', 'language', 'datasets', 'base_model'] as const;
const STRING_FIELDS = ['library_name', 'pipeline_tag'] as const;

/** Type problems in well-known fields: reported as warnings, since the Hub would ignore such a value. */
function fieldWarnings(data: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const field of STRING_OR_LIST_FIELDS) {
    const value = data[field];
    if (value !== undefined && value !== null && strings(value).length === 0 && !(Array.isArray(value) && value.length === 0)) {
      warnings.push(`"${field}" should be a string or a list of strings`);
    }
  }
  for (const field of STRING_FIELDS) {
    const value = data[field];
    if (value !== undefined && value !== null && typeof value !== 'string') warnings.push(`"${field}" should be a string`);
  }
  return warnings;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
