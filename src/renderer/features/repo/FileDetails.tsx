import type { ReactNode } from 'react';
import { Badge } from '../../components/Badge.js';
import { CopyButton } from '../../components/CopyButton.js';
import { formatBytes } from '../../format/bytes.js';
import { useAppStore } from '../../store/store-context.js';
import { findNode, type FolderNode } from './file-tree-model.js';

/** Size, file count or hashes of the selected file or folder, with copy buttons. */
export function FileDetails({ root }: { readonly root: FolderNode }): ReactNode {
  const selectedPath = useAppStore((state) => state.repoView.selectedPath);
  const node = selectedPath === undefined ? undefined : findNode(root, selectedPath);

  return (
    <section className="file-details" aria-labelledby="file-details-title" aria-live="polite">
      {node === undefined ? (
        <>
          <h2 id="file-details-title">Details</h2>
          <p className="hint">Select a file to see its size and hashes, or a folder for its totals.</p>
        </>
      ) : (
        <>
          <h2 id="file-details-title" className="details-name">
            {node.name === '' ? 'Repository root' : node.name}
          </h2>
          <dl className="facts stacked">
            <div>
              <dt>Path</dt>
              <dd>
                <code>{node.path === '' ? '/' : node.path}</code>
              </dd>
            </div>
            {node.kind === 'folder' ? (
              <>
                <div>
                  <dt>Total size</dt>
                  <dd>
                    {formatBytes(node.size)} <span className="muted">({node.size.toLocaleString('en-US')} bytes)</span>
                  </dd>
                </div>
                <div>
                  <dt>Files</dt>
                  <dd>{node.fileCount.toLocaleString('en-US')}</dd>
                </div>
              </>
            ) : (
              <>
                <div>
                  <dt>Size</dt>
                  <dd>
                    {formatBytes(node.file.size)} <span className="muted">({node.file.size.toLocaleString('en-US')} bytes)</span>
                  </dd>
                </div>
                <div>
                  <dt>Storage</dt>
                  <dd>{node.file.lfs ? <Badge tone="info">Git LFS</Badge> : 'Regular git file'}</dd>
                </div>
                <HashFact label="Git blob oid" value={node.file.oid} />
                {node.file.sha256 !== null && <HashFact label="SHA-256" value={node.file.sha256} />}
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
}

function HashFact({ label, value }: { readonly label: string; readonly value: string }): ReactNode {
  return (
    <div>
      <dt>{label}</dt>
      <dd className="hash">
        <code data-testid={`hash-${label}`}>{value}</code>
        <CopyButton text={value} label={label} />
      </dd>
    </div>
  );
}
