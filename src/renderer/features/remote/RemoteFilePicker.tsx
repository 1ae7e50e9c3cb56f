import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type FormEvent, type ReactNode } from 'react';
import type { DatasetConfigInfo, RepoFile } from '../../../shared/app-api.js';
import { Badge } from '../../components/Badge.js';
import { TextField } from '../../components/FormFields.js';
import { formatBytes } from '../../format/bytes.js';
import { useAppStore } from '../../store/store-context.js';
import { DatasetSplitPicker } from './DatasetSplitPicker.js';
import { selectByPatterns, splitPatterns } from './file-selection.js';

const ROW_HEIGHT = 34;
const MAX_HEIGHT = 420;

/** Pick files by pattern or by ticking them; long lists are virtualised. */
export function RemoteFilePicker({ files, datasetConfigs = [] }: { readonly files: readonly RepoFile[]; readonly datasetConfigs?: readonly DatasetConfigInfo[] }): ReactNode {
  const patterns = useAppStore((state) => state.remote.patterns);
  const ticked = useAppStore((state) => state.remote.ticked);
  const setRemote = useAppStore((state) => state.setRemote);
  const setTicked = useAppStore((state) => state.setTicked);
  const toggle = useAppStore((state) => state.toggleTicked);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: files.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  const applyPatterns = (event: FormEvent): void => {
    event.preventDefault();
    setTicked(selectByPatterns(files, splitPatterns(patterns)));
  };

  return (
    <fieldset className="file-picker">
      <legend>Choose files</legend>
      <form className="filters" onSubmit={applyPatterns}>
        <TextField id="remote-patterns" label="Patterns" placeholder="*.safetensors, config.json" grow value={patterns} onChange={(value) => setRemote({ patterns: value })} />
        <button type="submit">Select matching</button>
        <button type="button" onClick={() => setTicked(Object.fromEntries(files.map((file) => [file.path, true as const])))}>
          Select all
        </button>
        <button type="button" onClick={() => setTicked({})}>
          Select none
        </button>
      </form>
      {datasetConfigs.length > 0 && <DatasetSplitPicker configs={datasetConfigs} />}
      <div className="picker-scroll" ref={scrollRef} style={{ height: Math.min(files.length * ROW_HEIGHT + 2, MAX_HEIGHT) }}>
        <ul className="picker-list" style={{ height: virtualizer.getTotalSize() }} aria-label="Files">
          {virtualizer.getVirtualItems().map((item) => {
            const file = files[item.index];
            if (!file) return null;
            const id = `pick-${item.index}`;
            return (
              <li
                key={file.path}
                className="picker-row"
                aria-setsize={files.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <input id={id} type="checkbox" checked={ticked[file.path] === true} onChange={() => toggle(file.path)} />
                <label htmlFor={id} className="picker-name">
                  {file.path}
                </label>
                <span className="picker-badge">{file.lfs && <Badge tone="info">LFS</Badge>}</span>
                <span className="picker-size">{formatBytes(file.size)}</span>
              </li>
            );
          })}
        </ul>
      </div>
    </fieldset>
  );
}
