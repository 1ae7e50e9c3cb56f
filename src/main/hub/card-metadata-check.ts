/** What validate-yaml finds wrong with a card's metadata: errors refuse it, warnings do not. */
export interface CardProblems {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** The Hub's warning for a card with no metadata block (or an empty one). */
export const MISSING_METADATA_WARNING =
  'Empty or missing yaml metadata in repo card (https://huggingface.co/docs/hub/model-cards#model-card-metadata)';

/** License ids the Hub offers (https://huggingface.co/docs/hub/repositories-licenses), plus `other`. */
const LICENSES = new Set([
  'apache-2.0', 'mit', 'openrail', 'bigscience-openrail-m', 'creativeml-openrail-m', 'bigscience-bloom-rail-1.0',
  'bigcode-openrail-m', 'afl-3.0', 'artistic-2.0', 'bsl-1.0', 'bsd', 'bsd-2-clause', 'bsd-3-clause', 'bsd-3-clause-clear',
  'c-uda', 'cc', 'cc0-1.0', 'cc-by-2.0', 'cc-by-2.5', 'cc-by-3.0', 'cc-by-4.0', 'cc-by-sa-3.0', 'cc-by-sa-4.0',
  'cc-by-nc-2.0', 'cc-by-nc-3.0', 'cc-by-nc-4.0', 'cc-by-nd-4.0', 'cc-by-nc-nd-3.0', 'cc-by-nc-nd-4.0', 'cc-by-nc-sa-2.0',
  'cc-by-nc-sa-3.0', 'cc-by-nc-sa-4.0', 'cdla-sharing-1.0', 'cdla-permissive-1.0', 'cdla-permissive-2.0', 'wtfpl',
  'ecl-2.0', 'epl-1.0', 'epl-2.0', 'etalab-2.0', 'eupl-1.1', 'eupl-1.2', 'agpl-3.0', 'gfdl', 'gpl', 'gpl-2.0', 'gpl-3.0',
  'lgpl', 'lgpl-2.1', 'lgpl-3.0', 'isc', 'h-research', 'intel-research', 'lppl-1.3c', 'ms-pl', 'apple-ascl', 'apple-amlr',
  'mpl-2.0', 'odc-by', 'odbl', 'openmdw-1.0', 'openrail++', 'osl-3.0', 'postgresql', 'ofl-1.1', 'ncsa', 'unlicense',
  'zlib', 'pddl', 'lgpl-lr', 'deepfloyd-if-license', 'fair-noncommercial-research-license', 'llama2', 'llama3',
  'llama3.1', 'llama3.2', 'llama3.3', 'llama4', 'gemma', 'unknown', 'other',
]);

const STRING_OR_LIST_FIELDS = ['tags', 'language', 'datasets', 'base_model', 'metrics', 'task_categories', 'task_ids', 'size_categories'];
const STRING_FIELDS = ['library_name', 'pipeline_tag', 'license_name', 'license_link', 'thumbnail', 'pretty_name'];
const BASE_MODEL_RELATIONS = new Set(['adapter', 'merge', 'quantized', 'finetune']);

/**
 * Checks the metadata fields the Hub knows (their types, the license id, `model-index`,
 * a dataset's `configs`); `data` undefined or empty means the card has no metadata.
 */
export function checkCardMetadata(data: Readonly<Record<string, unknown>> | undefined): CardProblems {
  if (data === undefined || Object.keys(data).length === 0) return { errors: [], warnings: [MISSING_METADATA_WARNING] };
  const errors: string[] = [];
  for (const field of STRING_OR_LIST_FIELDS) {
    if (!isAbsent(data[field]) && !isStringOrStrings(data[field])) errors.push(`"${field}" must be a string or a list of strings`);
  }
  for (const field of STRING_FIELDS) {
    if (!isAbsent(data[field]) && typeof data[field] !== 'string') errors.push(`"${field}" must be a string`);
  }
  errors.push(...licenseErrors(data.license));
  const relation = data.base_model_relation;
  if (!isAbsent(relation) && !(typeof relation === 'string' && BASE_MODEL_RELATIONS.has(relation))) {
    errors.push(`"base_model_relation" must be one of ${[...BASE_MODEL_RELATIONS].join(', ')}`);
  }
  if (!isAbsent(data['model-index'])) errors.push(...modelIndexErrors(data['model-index']));
  if (!isAbsent(data.configs)) errors.push(...configsErrors(data.configs));
  return { errors, warnings: [] };
}

function licenseErrors(license: unknown): string[] {
  if (isAbsent(license)) return [];
  if (!isStringOrStrings(license)) return ['"license" must be a string or a list of strings'];
  const ids = typeof license === 'string' ? [license] : (license as string[]);
  return ids
    .filter((id) => !LICENSES.has(id.toLowerCase()))
    .map((id) => `"license" must be a known license id or "other" (with license_name and license_link), not "${id}"`);
}

function modelIndexErrors(index: unknown): string[] {
  if (!Array.isArray(index)) return ['"model-index" must be a list'];
  const errors: string[] = [];
  index.forEach((entry, i) => {
    const at = `"model-index[${i}]"`;
    if (!isMapping(entry)) {
      errors.push(`${at} must be a mapping with "name" and "results"`);
      return;
    }
    if (typeof entry.name !== 'string') errors.push(`${at}.name must be a string`);
    if (!Array.isArray(entry.results)) {
      errors.push(`${at}.results must be a list`);
      return;
    }
    entry.results.forEach((result: unknown, j) => {
      const resultAt = `${at}.results[${j}]`;
      if (!isMapping(result)) {
        errors.push(`${resultAt} must be a mapping with "task", "dataset" and "metrics"`);
        return;
      }
      if (!isMapping(result.task) || typeof result.task.type !== 'string') errors.push(`${resultAt}.task.type must be a string`);
      if (!isAbsent(result.dataset) && (!isMapping(result.dataset) || typeof result.dataset.type !== 'string')) {
        errors.push(`${resultAt}.dataset.type must be a string`);
      }
      if (!isAbsent(result.metrics)) {
        if (!Array.isArray(result.metrics)) errors.push(`${resultAt}.metrics must be a list`);
        else if (result.metrics.some((metric: unknown) => !isMapping(metric) || typeof metric.type !== 'string' || isAbsent(metric.value))) {
          errors.push(`${resultAt}.metrics must be a list of mappings with "type" and "value"`);
        }
      }
    });
  });
  return errors;
}

function configsErrors(configs: unknown): string[] {
  if (!Array.isArray(configs)) return ['"configs" must be a list'];
  return configs.some((config: unknown) => !isMapping(config) || typeof config.config_name !== 'string')
    ? ['"configs" must be a list of mappings, each with a "config_name"']
    : [];
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
