import { parseDocument } from 'yaml';
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

const FRONT_MATTER = /^\uFEFF?\s*---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The card's metadata; a card without front matter has none, one whose YAML does not parse is an error. */
export function parseCardFacts(markdown: string, label: string): CardFacts {
  const block = FRONT_MATTER.exec(markdown);
  const none: CardFacts = { license: null, tags: [], pipelineTag: null, library: null, baseModel: [], datasets: [] };
  if (block === null) return none;
  const document = parseDocument(block[1] ?? '', { prettyErrors: false });
  const [error] = document.errors;
  if (error !== undefined) throw malformed(label, `the front matter is not valid YAML (${error.message.split('\n')[0] ?? ''})`);
  const data: unknown = document.toJSON();
  if (data === null || data === undefined) return none;
  if (typeof data !== 'object' || Array.isArray(data)) throw malformed(label, 'the front matter must be a mapping of keys to values');
  const fields = data as Record<string, unknown>;
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
