import { parseFrontMatter } from '../../../shared/front-matter.js';

export interface CardTag {
  /** What the tag says, e.g. "license". */
  readonly label: string;
  readonly value: string;
}

export interface ModelCard {
  readonly tags: readonly CardTag[];
  /** The markdown after the front matter. */
  readonly body: string;
}

const MAX_TAGS = 60;

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Splits a model card into its YAML front matter, flattened into tags (license: mit, tags: a, b →
 * two tags), and the markdown body. Nested objects (model-index, widgets) are too big to be tags
 * and are left out; broken YAML leaves the body intact and shows no tags.
 */
export function parseModelCard(text: string): ModelCard {
  const read = parseFrontMatter(text);
  const body = read.body;
  if (!read.ok || read.data === undefined) return { tags: [], body };
  const tags: CardTag[] = [];
  for (const [label, value] of Object.entries(read.data)) {
    const values = Array.isArray(value) ? value.map(scalar) : [scalar(value)];
    for (const item of values) if (item !== undefined) tags.push({ label, value: item });
  }
  return { tags: tags.slice(0, MAX_TAGS), body };
}
