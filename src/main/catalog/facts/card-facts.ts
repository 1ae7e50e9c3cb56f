import { parseFrontMatter } from '../../../shared/front-matter.js';
import { malformed } from './range-read.js';

/** What a model card's YAML front matter says. */
export interface CardFacts {
  readonly license: string | null;
  readonly tags: string[];
  readonly pipelineTag: string | null;
  readonly library: string | null;
  readonly baseModel: string[];
  readonly datasets: string[];
}

/** The card's metadata; a card without front matter has none, one whose YAML does not parse is an error. */
export function parseCardFacts(markdown: string, label: string): CardFacts {
  const read = parseFrontMatter(markdown);
  if (!read.ok) {
    throw malformed(label, read.error.kind === 'invalid-yaml' ? `the front matter is not valid YAML (${read.error.messages[0] ?? ''})` : 'the front matter must be a mapping of keys to values');
  }
  const fields = read.data;
  if (fields === undefined) return { license: null, tags: [], pipelineTag: null, library: null, baseModel: [], datasets: [] };
  return {
    license: strings(fields.license)[0] ?? null,
    tags: strings(fields.tags),
    pipelineTag: strings(fields.pipeline_tag)[0] ?? null,
    library: strings(fields.library_name)[0] ?? null,
    baseModel: strings(fields.base_model),
    datasets: strings(fields.datasets),
  };
}

/** A string or a list of strings, as card fields come; anything else is ignored as the Hub does. */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
}
