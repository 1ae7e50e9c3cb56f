import { useState, type FormEvent, type ReactNode } from 'react';
import type { DatasetConfigInfo } from '../../../shared/app-api.js';
import { SelectField } from '../../components/FormFields.js';
import { useAppStore } from '../../store/store-context.js';

/** A dataset's configs and splits (from its card or file layout): ticks the files of the chosen split. */
export function DatasetSplitPicker({ configs }: { readonly configs: readonly DatasetConfigInfo[] }): ReactNode {
  const setTicked = useAppStore((state) => state.setTicked);
  const [configName, setConfigName] = useState(() => (configs.find((config) => config.default) ?? configs[0])?.name ?? '');
  const config = configs.find((candidate) => candidate.name === configName) ?? configs[0];
  const [splitName, setSplitName] = useState(() => config?.splits[0]?.name ?? '');
  if (!config || config.splits.length === 0) return null;
  const split = config.splits.find((candidate) => candidate.name === splitName) ?? config.splits[0];

  const select = (event: FormEvent): void => {
    event.preventDefault();
    if (split) setTicked(Object.fromEntries(split.files.map((path) => [path, true as const])));
  };

  return (
    <form className="filters" onSubmit={select} aria-label="Dataset split">
      <SelectField
        id="dataset-config"
        label="Config"
        value={config.name}
        options={configs.map((candidate) => ({ value: candidate.name, label: candidate.name }))}
        onChange={(name) => {
          setConfigName(name);
          setSplitName(configs.find((candidate) => candidate.name === name)?.splits[0]?.name ?? '');
        }}
      />
      <SelectField
        id="dataset-split"
        label="Split"
        value={split?.name ?? ''}
        options={config.splits.map((candidate) => ({ value: candidate.name, label: `${candidate.name} (${candidate.files.length} ${candidate.files.length === 1 ? 'file' : 'files'})` }))}
        onChange={setSplitName}
      />
      <button type="submit">Select split</button>
    </form>
  );
}
